import type { Middleware } from '../compose';
import { FAQ_QUESTION } from '../dialogs/faq-question-dialog';
import type { TurnContext } from '../turn-context';
import type { Lang } from '../types';

/** Tells the language of a citizen's text, and whether the evidence is strong enough to switch to it. */
export type LanguageDetector = (text: string, fallback: Lang) => { lang: Lang; confident: boolean };

/**
 * Language follows the citizen: when what they type is clearly in one language, the conversation takes it
 * before the greeting, the privacy notice, menus, forms and handoff messages are written. The channel's locale
 * (Telegram's `language_code`) only chose the first language. Left alone inside a form (a name or an address
 * says nothing about the language), for pressed buttons, and once the citizen chose in words ("english please").
 */
export function followLanguage(detect: LanguageDetector): Middleware<TurnContext> {
  return async (ctx, next) => {
    const running = ctx.activeDialog?.dialogId;
    const typed = ctx.message.value === undefined && ctx.input !== '';
    if (typed && !ctx.state.langChosen && (running === undefined || running === FAQ_QUESTION)) {
      const detected = detect(ctx.input, ctx.state.lang);
      if (detected.confident) ctx.state.lang = detected.lang;
    }
    await next();
  };
}
