import { tokenize } from './analyzer';
import type { KbLang } from './entry';

// Frequent words that exist in one language only (after accent folding), including the usual typos-free
// question openers. "a", "in", "no" are shared by both and so are left out.
const MARKERS: Record<KbLang, Set<string>> = {
  it: new Set(
    `il lo la gli le di del della dei delle dello al alla allo ai alle dal dalla nel nella per con che chi come dove quando
    quanto quanta quanti costa cosa sono sei ho ha hai devo posso vorrei voglio serve servono mio mia miei mie un una
    non si mi ci ti e ed anche ancora gia orari orario ciao buongiorno buonasera salve grazie comune carta rinnovo
    rinnovare pagare fare richiedere dove trovo perche qual quale quali sul sulla nei negli degli dell all dall nell
    tassa rifiuti scuola residenza anagrafe certificato vigili multa figlio figli casa`.split(/\s+/),
  ),
  en: new Set(
    `the of and to is are was how what where when which who why can could would should do does did my your our i me we
    you get need want renew pay apply card office opening hours hello hi thanks please from with for this that an it
    much many fee fees tax waste bin school residence registry certificate fine parking permit child children
    house home there their`.split(/\s+/),
  ),
};

/** The detected language of a message and whether the evidence is strong enough to switch to it. */
export interface DetectedLanguage {
  lang: KbLang;
  /** False for messages too short or too mixed to tell (e.g. "TARI", "ZTL"). */
  confident: boolean;
}

/**
 * Detects Italian or English from marker words: each word found only in one language's list is a vote.
 * Confident when one language has at least two votes more than the other, or all votes (at least one) go to it.
 */
export function detectLanguage(text: string, fallback: KbLang): DetectedLanguage {
  let it = 0;
  let en = 0;
  for (const word of tokenize(text)) {
    if (MARKERS.it.has(word)) it++;
    if (MARKERS.en.has(word)) en++;
  }
  if (it === en) return { lang: fallback, confident: false };
  const lang: KbLang = it > en ? 'it' : 'en';
  const [winner, loser] = it > en ? [it, en] : [en, it];
  return { lang, confident: winner - loser >= 2 || (loser === 0 && winner >= 1) };
}
