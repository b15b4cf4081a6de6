import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { normalize } from '../shared/normalize';
import type { KbLang } from './entry';

const STEMMERS: Record<KbLang, Stemmer> = { it: newStemmer('italian'), en: newStemmer('english') };
// Words Snowball cuts so short that they join unrelated ones ("rifiuti" and "rifarla" both → "rif", "tramite"
// and "tram", "testamento" and "testo", "CILA" and "Cile", "Lima" and "limite"): they keep this longer stem.
const KEEP: Record<KbLang, readonly string[]> = {
  it: [
    'rifiut',
    'tramit',
    'testament',
    'divan',
    'secchio',
    'secchiel',
    'cila',
    'cile',
    'liban',
    'libia',
    'libic',
    'lima',
    'cuba',
  ],
  en: [],
};
const cache: Record<KbLang, Map<string, string>> = { it: new Map(), en: new Map() };
const CACHE_LIMIT = 100_000;

/** Splits text into folded words: lower case, no accents, apostrophes and punctuation as separators. */
export function tokenize(text: string): string[] {
  const folded = normalize(text);
  return folded ? folded.split(' ') : [];
}

/** The Snowball stem of a folded word ("rinnovarla" → "rinnov"); digits and short words stay as they are. */
export function stem(lang: KbLang, word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  const hit = cache[lang].get(word);
  if (hit !== undefined) return hit;
  const stemmed = KEEP[lang].find((prefix) => word.startsWith(prefix)) ?? (STEMMERS[lang].stem(word) || word);
  if (cache[lang].size >= CACHE_LIMIT) cache[lang].clear();
  cache[lang].set(word, stemmed);
  return stemmed;
}
