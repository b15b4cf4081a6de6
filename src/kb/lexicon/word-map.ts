import { z } from 'zod';
import { stem, tokenize } from '../analyzer';
import type { KbLang } from '../entry';
import { isStopword } from '../stopwords';
import { LexiconError, readLexiconYaml } from './lexicon';

const fileSchema = z.record(z.string(), z.array(z.string().trim().min(1)).min(1));
const HEADWORD = /^[^\sA-Z]+$/;

/** Stem → stems it stands for: the glossary's translations, the thesaurus's synonyms. */
export class WordMap {
  private readonly map = new Map<string, string[]>();

  add(source: string, target: string): void {
    if (source === target) return;
    const list = this.map.get(source);
    if (!list) this.map.set(source, [target]);
    else if (!list.includes(target)) list.push(target);
  }

  /** The stems a stem stands for (none when it is not in the map); read on every search, so never copied. */
  get(source: string): readonly string[] {
    return this.map.get(source) ?? NONE;
  }
}

const NONE: readonly string[] = [];

/** The stems of a word's meaningful parts ("all'estero" → ["ester"]; grammar words dropped). */
export function stemsOf(lang: KbLang, text: string): string[] {
  return tokenize(text)
    .filter((w) => !isStopword(lang, w))
    .map((w) => stem(lang, w));
}

/** Parses a word file's YAML text (`word: [other, …]`, single lower-case headwords). */
export function parseWordPairs(text: string, file: string): Array<[string, string[]]> {
  const pairs = readLexiconYaml(text, file, fileSchema);
  const bad = Object.keys(pairs).find((w) => !HEADWORD.test(w));
  if (bad !== undefined) throw new LexiconError(file, `"${bad}": headwords are single lower-case words`);
  return Object.entries(pairs);
}
