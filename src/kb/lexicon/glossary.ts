import type { KbLang } from '../entry';
import { shippedFile } from './lexicon';
import { parseWordPairs, stemsOf, WordMap } from './word-map';

/**
 * Word translations between English and Italian, by stem: how a question in one language reads the words of
 * the other language's entries ("library" finds "biblioteca", "multa" finds "fine"). Phrases that name a
 * service are the lexicon's concepts; the glossary covers the single words around them.
 */
export class Glossary {
  private readonly maps: Record<KbLang, WordMap> = { it: new WordMap(), en: new WordMap() };

  constructor(pairs: ReadonlyArray<readonly [english: string, italian: readonly string[]]>) {
    for (const [english, italian] of pairs) {
      const en = stemsOf('en', english);
      const it = italian.flatMap((w) => stemsOf('it', w));
      for (const e of en) for (const i of it) this.maps.en.add(e, i);
      for (const i of it) for (const e of en) this.maps.it.add(i, e);
    }
  }

  /** Stems of the other language that translate a stem of `from` (none when the glossary does not know it). */
  translate(from: KbLang, stemmed: string): readonly string[] {
    return this.maps[from].get(stemmed);
  }
}

/** Parses a glossary file's YAML text (`english: [italian, …]`). */
export function parseGlossary(text: string, file: string): Glossary {
  return new Glossary(parseWordPairs(text, file));
}

/** The glossary shipped with Sportello (`src/kb/lexicon/glossary-en-it.yml`), read once per process. */
export function builtInGlossary(): Glossary {
  return shippedFile('glossary-en-it.yml', parseGlossary);
}
