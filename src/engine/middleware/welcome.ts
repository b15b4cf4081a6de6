import { normalize } from '../../shared/normalize';
import type { Middleware } from '../compose';
import type { TurnContext } from '../turn-context';

const GREETINGS = new Set([
  '',
  'start',
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
]);

/** True when the text is only a greeting (or `/start`), with nothing to answer beyond the welcome. */
export function isGreeting(text: string): boolean {
  return GREETINGS.has(normalize(text));
}

/**
 * First contact: greets the citizen with the privacy notice and the menu. When the first message is a real
 * question, the welcome is followed by the answer instead of the menu.
 */
export function welcome(): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (ctx.state.welcomed) return next();
    ctx.state.welcomed = true;
    ctx.reply(ctx.t('welcome'));
    ctx.reply(ctx.t('privacy'));
    if (isGreeting(ctx.input) && !ctx.message.location && !ctx.message.attachments?.length) {
      ctx.reply(ctx.menu());
      return;
    }
    await next();
  };
}
