import { normalize } from '../../shared/normalize';
import type { KbLang } from '../entry';

// stopwords-iso (MIT): each language's most common words. Sportello's own stop-word list removes function
// words outright; the rest of these ("tempo", "volta", "posto", "time", "place") stay searchable but say
// little about which service a citizen means, so they weigh less.
const iso = require('stopwords-iso') as Record<string, string[]>;

// Words of conversation that stopwords-iso leaves out: how people tell, ask and think in a chat message
// ("ho sentito parlare", "I was wondering"). Frequent in any message, telling of no service.
const CHAT: Record<KbLang, string> = {
  it: `sentito sentita sentire sento parlare parlato capire capito capisco trovato trovo chiesto chiedere
  succede succedendo mettere messo metto pensare penso pensavo pensato credere credo credevo guardare guardato
  cercare cercato cerco cercando usare usato provare provato provo riuscire riesco riuscito spiegare spiegato
  spiegarmi risposta risposte signora signore problema problemi situazione purtroppo davvero certo sicuro
  possibile possibilita necessario capirci chiarimento chiarimenti dubbio dubbi consiglio consigli idea
  qualcuno sapete saprebbe sapreste potrebbe potreste dovrebbe dovrei vorrebbe`,
  en: `heard hear hearing talk talking told understand understood find found ask asked asking happen happens
  happened put think thought believe look looking looked search searching use used try tried trying manage
  managed explain explained answer answers person people problem problems situation actually really sure
  possible necessary guess wonder wondering wondered curious idea advice clarify clarification doubt`,
};

const LISTS: Record<KbLang, Set<string>> = {
  it: new Set([...(iso.it ?? []), ...CHAT.it.split(/\s+/)].filter(Boolean).map(normalize)),
  en: new Set([...(iso.en ?? []), ...CHAT.en.split(/\s+/)].filter(Boolean).map(normalize)),
};

/** True when a folded word is one of the language's most common, general-purpose words. */
export function isGenericWord(lang: KbLang, word: string): boolean {
  return LISTS[lang].has(word);
}
