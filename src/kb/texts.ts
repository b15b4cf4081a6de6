import { format } from '../engine/texts';
import type { KbLang } from './entry';

/** The knowledge base's own sentences in Italian and English; `{name}` placeholders as in the engine. */
export const kbTexts = {
  it: {
    helpful: 'Ti è stata utile?',
    yes: 'Sì, utile',
    no: 'Non utile',
    thanks: 'Grazie del riscontro!',
    sorry: 'Mi dispiace. Puoi riformulare la domanda con parole diverse oppure parlare con un operatore.',
    rephrase: 'Fai un’altra domanda',
    didYouMean: 'Forse cercavi…',
    noAnswer:
      'Mi dispiace, su questo non ho informazioni sicure e preferisco non darti una risposta sbagliata. Puoi riformulare la domanda oppure parlare con un operatore.',
    startService: 'Avvia: {title}',
    seeAlso: 'Vedi: {title}',
    entryGone: 'Questa informazione non è più disponibile.',
    generatedNote: '_Risposta composta automaticamente dalle schede del Comune: verifica sulle fonti._',
    onlyInOther: '_Questa scheda è disponibile solo in inglese._',
  },
  en: {
    helpful: 'Was this helpful?',
    yes: 'Yes, helpful',
    no: 'Not helpful',
    thanks: 'Thank you for your feedback!',
    sorry: 'I am sorry. You can rephrase your question with different words or talk to an operator.',
    rephrase: 'Ask another question',
    didYouMean: 'Did you mean…',
    noAnswer:
      'Sorry, I have no reliable information about this and would rather not give you a wrong answer. You can rephrase your question or talk to an operator.',
    startService: 'Start: {title}',
    seeAlso: 'See: {title}',
    entryGone: 'This information is no longer available.',
    generatedNote: '_Answer composed automatically from the council’s pages: please check the sources._',
    onlyInOther: '_This page is only available in Italian._',
  },
} satisfies Record<KbLang, Record<string, string>>;

/** A key of the knowledge base's sentences. */
export type KbTextKey = keyof (typeof kbTexts)['it'];

/** One of the knowledge base's sentences in a language, with placeholders filled. */
export function kbText(lang: KbLang, key: KbTextKey, vars: Record<string, string> = {}): string {
  return format(kbTexts[lang][key], vars);
}
