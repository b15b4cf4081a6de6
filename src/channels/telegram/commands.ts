import type { BotCommand } from 'telegraf/types';

/**
 * The commands shown in Telegram's menu, per language; {@link COMMAND_WORDS} in `./update-mapper` maps each
 * to the engine word. Italian is also the default for citizens whose app is in another language.
 */
export const BOT_COMMANDS: Record<'it' | 'en', BotCommand[]> = {
  it: [
    { command: 'start', description: 'Ricomincia dal menu principale' },
    { command: 'help', description: 'Cosa posso fare per te' },
    { command: 'operatore', description: 'Parla con un operatore del Comune' },
    { command: 'privacy', description: 'Informativa privacy' },
    { command: 'annulla', description: 'Interrompi la richiesta in corso' },
    { command: 'cancella', description: 'Cancella i miei dati' },
  ],
  en: [
    { command: 'start', description: 'Start again from the main menu' },
    { command: 'help', description: 'What I can do for you' },
    { command: 'operatore', description: 'Talk to an operator of the city hall' },
    { command: 'privacy', description: 'Privacy notice' },
    { command: 'annulla', description: 'Stop the request in progress' },
    { command: 'cancella', description: 'Erase my data' },
  ],
};
