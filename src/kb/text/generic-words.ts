import { normalize } from '../../shared/normalize';
import type { KbLang } from '../entry';

// stopwords-iso (MIT): each language's most common words. Sportello's own stop-word list removes function
// words outright; the rest of these ("tempo", "volta", "posto", "time", "place") stay searchable but say
// little about which service a citizen means, so they weigh less.
const iso = require('stopwords-iso') as Record<string, string[]>;

const LISTS: Record<KbLang, Set<string>> = {
  it: new Set((iso.it ?? []).map(normalize)),
  en: new Set((iso.en ?? []).map(normalize)),
};

/** True when a folded word is one of the language's most common, general-purpose words. */
export function isGenericWord(lang: KbLang, word: string): boolean {
  return LISTS[lang].has(word);
}
