import { normalize } from '../../shared/normalize';
import type { Middleware } from '../compose';
import type { TurnContext } from '../turn-context';

/** Words that only greet; after the welcome they bring the menu back (the `menu` command). */
export const GREETING_WORDS = [
  'ciao',
  'salve',
  'buongiorno',
  'buonasera',
  'hello',
  'hi',
  'hey',
  'good morning',
  'good afternoon',
  'good evening',
];

const GREETINGS = new Set(['', 'start', ...GREETING_WORDS]);

/** True when the text is only a greeting (or `/start`), with nothing to answer beyond the welcome. */
export function isGreeting(text: string): boolean {
  return GREETINGS.has(normalize(text));
}

/** Says the welcome and the privacy notice, once per conversation; false when they were already said. */
export function greet(ctx: TurnContext): boolean {
  if (ctx.state.welcomed) return false;
  ctx.state.welcomed = true;
  ctx.reply(ctx.t('welcome'));
  ctx.reply(ctx.t('privacy'));
  return true;
}

/**
 * First contact: greets the citizen with the privacy notice and the menu. When the first message is a real
 * question, the welcome is followed by the answer instead of the menu. A conversation greeted when it was
 * * opened (`Engine.open`) is not greeted again.
 */
export function welcome(): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (!greet(ctx)) return next();
    if (isGreeting(ctx.input) && !ctx.message.location && !ctx.message.attachments?.length) {
      ctx.reply(ctx.menu());
      return;
    }
    await next();
  };
}
