import { buttonValue, menuValue, parseButtonValue } from '../button-values';
import type { Command } from '../middleware/command-router';
import type { Handoff } from '../middleware/handoff-gate';
import { GREETING_WORDS } from '../middleware/welcome';
import type { TurnContext } from '../turn-context';
import type { Lang } from '../types';
import { FAQ_QUESTION } from './faq-question-dialog';

/** Id of the privacy room's erasure-on-request dialog ("cancella i miei dati"). */
export const PRIVACY_ERASURE_DIALOG = 'privacy-erasure';

/** Begins the erasure dialog when the privacy room registered it; otherwise points to the privacy notice. */
async function beginErasure(ctx: TurnContext): Promise<void> {
  if (!ctx.services.dialogs.has(PRIVACY_ERASURE_DIALOG)) {
    ctx.reply(ctx.t('privacyOnly'));
    return;
  }
  ctx.cancelAllDialogs();
  await ctx.beginDialog(PRIVACY_ERASURE_DIALOG);
}

/**
 * The citizen chose a language in words: it stays until they choose again. A running dialog goes on (a form
 * asks its question again in that language); otherwise the menu follows.
 */
async function chooseLanguage(ctx: TurnContext, lang: Lang): Promise<void> {
  ctx.state.lang = lang;
  ctx.state.langChosen = true;
  if (!ctx.activeDialog) {
    ctx.reply(ctx.menu(ctx.t('languageSet')));
    return;
  }
  ctx.reply({ text: ctx.t('languageSet'), format: 'plain' });
  await ctx.repromptDialog();
}

/** Shows the services the citizen can start, as choices. */
async function showServices(ctx: TurnContext): Promise<void> {
  const services = ctx.services.services;
  if (services.length === 0) {
    ctx.reply(ctx.menu(ctx.t('noServices')));
    return;
  }
  ctx.reply({
    text: ctx.t('servicesPrompt'),
    choices: services.map((s) => ({
      label: s.title[ctx.lang],
      value: buttonValue({ kind: 'service', dialogId: s.dialogId }),
    })),
  });
}

/**
 * The commands every conversation understands, in Italian and English: menu, help, privacy, cancel,
 * operator, language switch, and the menu's own choices.
 */
export function builtinCommands(handoff: Handoff): Command[] {
  return [
    {
      id: 'start',
      names: ['start'],
      scope: 'always',
      async run(ctx) {
        ctx.cancelAllDialogs();
        ctx.reply(ctx.t('welcome'));
        ctx.reply(ctx.menu());
      },
    },
    {
      id: 'menu',
      // A greeting after the welcome (the web chat greets on open) shows the menu, not "I did not understand".
      names: ['menu', 'menu principale', 'main menu', 'indice', ...GREETING_WORDS],
      scope: 'idle',
      async run(ctx) {
        ctx.reply(ctx.menu());
      },
    },
    {
      id: 'cancel',
      names: ['annulla', 'cancel', 'stop', 'basta', 'esci'],
      scope: 'always',
      async run(ctx) {
        const n = ctx.cancelAllDialogs();
        // A request waiting in the operators' queue is something to cancel too (the handoff room says so).
        if (await handoff.withdraw?.(ctx)) return;
        ctx.reply(ctx.menu(ctx.t(n > 0 ? 'cancelled' : 'nothingToCancel')));
      },
    },
    {
      id: 'help',
      names: ['aiuto', 'help', 'info'],
      scope: 'idle',
      async run(ctx) {
        ctx.reply(ctx.menu(ctx.t('help')));
      },
    },
    {
      id: 'privacy',
      names: ['privacy', 'informativa', 'informativa privacy'],
      scope: 'idle',
      async run(ctx) {
        ctx.reply(ctx.t('privacyOnly'));
      },
    },
    {
      id: 'erase-my-data',
      names: [
        'cancella i miei dati',
        'elimina i miei dati',
        'cancellare i miei dati',
        'voglio cancellare i miei dati',
        'delete my data',
        'erase my data',
      ],
      scope: 'always',
      async run(ctx) {
        await beginErasure(ctx);
      },
    },
    {
      // Bare "cancella" (also Telegram's /cancella) only outside forms, where a form may give it its own meaning.
      id: 'erase-my-data-short',
      names: ['cancella'],
      scope: 'idle',
      async run(ctx) {
        await beginErasure(ctx);
      },
    },
    {
      // The menu's button, or the citizen asking for a person in their own words (the handoff room
      // recognises them): also inside forms and the FAQ question.
      id: 'operator',
      names: [menuValue('operator')],
      matches: (_input, ctx) => handoff.asksForPerson(ctx) !== undefined,
      scope: 'always',
      async run(ctx) {
        const lang = handoff.asksForPerson(ctx)?.lang;
        if (lang) ctx.state.lang = lang;
        // The handoff room ends running forms itself, after keeping what they collected for the operator.
        await handoff.request(ctx, 'citizen');
      },
    },
    {
      id: 'faq',
      names: [menuValue('faq'), 'domande frequenti', 'faq'],
      scope: 'always',
      async run(ctx) {
        ctx.cancelAllDialogs();
        await ctx.beginDialog(FAQ_QUESTION);
      },
    },
    {
      id: 'services',
      names: [
        menuValue('services'),
        'avvia una pratica',
        'pratiche',
        'servizi',
        'start a request',
        'services',
      ],
      scope: 'idle',
      async run(ctx) {
        await showServices(ctx);
      },
    },
    {
      id: 'service',
      matches: (input) => parseButtonValue(input)?.kind === 'service',
      scope: 'always',
      async run(ctx) {
        const pressed = parseButtonValue(ctx.input);
        const id = pressed?.kind === 'service' ? pressed.dialogId : '';
        if (!ctx.services.services.some((s) => s.dialogId === id)) {
          await showServices(ctx);
          return;
        }
        ctx.cancelAllDialogs();
        await ctx.beginDialog(id);
      },
    },
    {
      id: 'lang-en',
      names: [
        'english',
        'in english',
        'inglese',
        'english please',
        'in english please',
        'speak english',
        'can you speak english',
        'do you speak english',
        'parla inglese',
        'parla in inglese',
        'in inglese',
      ],
      scope: 'always',
      run: (ctx) => chooseLanguage(ctx, 'en'),
    },
    {
      id: 'lang-it',
      names: [
        'italiano',
        'italian',
        'in italiano',
        'parla italiano',
        'parla in italiano',
        'italiano per favore',
        'in italiano per favore',
        'italian please',
        'in italian please',
        'speak italian',
      ],
      scope: 'always',
      run: (ctx) => chooseLanguage(ctx, 'it'),
    },
  ];
}
