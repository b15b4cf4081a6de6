import type { Command } from '../middleware/command-router';
import type { Handoff } from '../middleware/handoff-gate';
import type { TurnContext } from '../turn-context';
import { FAQ_QUESTION } from './faq-question-dialog';

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
      names: ['menu', 'menu principale', 'main menu', 'indice'],
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
      id: 'operator',
      names: [
        'menu:operator',
        'operatore',
        'operator',
        'parla con un operatore',
        'parlare con un operatore',
        'parlare con una persona',
        'voglio parlare con una persona',
        'voglio parlare con un operatore',
        'talk to an operator',
        'talk to a person',
        'human',
        'agent',
      ],
      scope: 'always',
      async run(ctx) {
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
