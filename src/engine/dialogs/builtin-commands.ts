import type { Command } from '../middleware/command-router';
import type { Handoff } from '../middleware/handoff-gate';
import { GREETING_WORDS } from '../middleware/welcome';
import type { TurnContext } from '../turn-context';
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

/** Shows the services the citizen can start, as choices. */
async function showServices(ctx: TurnContext): Promise<void> {
  const services = ctx.services.services;
  if (services.length === 0) {
    ctx.reply(ctx.menu(ctx.t('noServices')));
    return;
  }
  ctx.reply({
    text: ctx.t('servicesPrompt'),
    choices: services.map((s) => ({ label: s.title[ctx.lang], value: `service:${s.dialogId}` })),
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
      names: ['menu:operator'],
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
      names: ['menu:faq', 'domande frequenti', 'faq'],
      scope: 'always',
      async run(ctx) {
        ctx.cancelAllDialogs();
        await ctx.beginDialog(FAQ_QUESTION);
      },
    },
    {
      id: 'services',
      names: ['menu:services', 'avvia una pratica', 'pratiche', 'servizi', 'start a request', 'services'],
      scope: 'idle',
      async run(ctx) {
        await showServices(ctx);
      },
    },
    {
      id: 'service',
      matches: (input) => input.startsWith('service:'),
      scope: 'always',
      async run(ctx) {
        const id = ctx.input.slice('service:'.length);
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
      names: ['english', 'in english', 'inglese'],
      scope: 'idle',
      async run(ctx) {
        ctx.state.lang = 'en';
        ctx.reply(ctx.menu(ctx.t('languageSet')));
      },
    },
    {
      id: 'lang-it',
      names: ['italiano', 'italian', 'in italiano'],
      scope: 'idle',
      async run(ctx) {
        ctx.state.lang = 'it';
        ctx.reply(ctx.menu(ctx.t('languageSet')));
      },
    },
  ];
}
