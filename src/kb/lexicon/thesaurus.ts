import type { KbLang } from '../entry';
import { shippedFile } from './lexicon';
import { parseWordPairs, stemsOf, WordMap } from './word-map';

/**
 * Same-language synonyms by stem, both ways: a question's word that no entry uses is read through them
 * ("spazzatura" finds "rifiuti", "contravvenzione" finds "multa"). Unlike the lexicon's phrases they name no
 * concept, so a word that some entry uses keeps its own meaning.
 */
export class Thesaurus {
  private readonly map = new WordMap();

  constructor(
    readonly lang: KbLang,
    pairs: ReadonlyArray<readonly [word: string, synonyms: readonly string[]]>,
  ) {
    for (const [word, synonyms] of pairs) {
      const from = stemsOf(lang, word);
      const to = synonyms.flatMap((w) => stemsOf(lang, w));
      for (const a of from)
        for (const b of to) {
          this.map.add(a, b);
          this.map.add(b, a);
        }
    }
  }

  /** Stems of words that may stand for this one (none when the thesaurus does not know it). */
  synonyms(stemmed: string): readonly string[] {
    return this.map.get(stemmed);
  }
}

/** The thesaurus shipped with Sportello for a language (`src/kb/lexicon/thesaurus-<lang>.yml`), read once. */
export function builtInThesaurus(lang: KbLang): Thesaurus {
  return shippedFile(
    `thesaurus-${lang}.yml`,
    (text, file) => new Thesaurus(lang, parseWordPairs(text, file)),
  );
}
