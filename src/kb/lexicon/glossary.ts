import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { stem, tokenize } from '../analyzer';
import type { KbLang } from '../entry';
import { isStopword } from '../stopwords';
import { LexiconError } from './lexicon';

const fileSchema = z.record(z.string(), z.array(z.string().trim().min(1)).min(1));
const HEADWORD = /^[^\sA-Z]+$/;

/**
 * Word translations between English and Italian, by stem: how a question in one language reads the words of
 * the other language's entries ("library" finds "biblioteca", "multa" finds "fine"). Phrases that name a
 * service are the lexicon's concepts; the glossary covers the single words around them.
 */
export class Glossary {
  private readonly maps: Record<KbLang, Map<string, Set<string>>> = { it: new Map(), en: new Map() };

  constructor(pairs: ReadonlyArray<readonly [english: string, italian: readonly string[]]>) {
    for (const [english, italian] of pairs) {
      const en = stems('en', english);
      const it = italian.flatMap((w) => stems('it', w));
      for (const e of en) for (const i of it) this.add('en', e, i);
      for (const i of it) for (const e of en) this.add('it', i, e);
    }
  }

  /** Stems of the other language that translate a stem of `from` (none when the glossary does not know it). */
  translate(from: KbLang, stemmed: string): readonly string[] {
    const found = this.maps[from].get(stemmed);
    return found ? [...found] : [];
  }

  /** Number of stems known in a language (diagnostics). */
  size(lang: KbLang): number {
    return this.maps[lang].size;
  }

  private add(from: KbLang, source: string, target: string): void {
    if (source === target) return;
    let set = this.maps[from].get(source);
    if (!set) {
      set = new Set();
      this.maps[from].set(source, set);
    }
    set.add(target);
  }
}

/** The stems of a word's meaningful parts ("nido" → ["nido"]; grammar words dropped). */
function stems(lang: KbLang, text: string): string[] {
  return tokenize(text)
    .filter((w) => !isStopword(lang, w))
    .map((w) => stem(lang, w));
}

/** Parses a glossary file's YAML text (`english: [italian, …]`). */
export function parseGlossary(text: string, file: string): Glossary {
  let raw: unknown;
  try {
    raw = load(text, { filename: file });
  } catch (err) {
    throw new LexiconError(file, `YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LexiconError(file, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const bad = Object.keys(parsed.data).find((w) => !HEADWORD.test(w));
  if (bad !== undefined) throw new LexiconError(file, `"${bad}": headwords are single lower-case English words`);
  return new Glossary(Object.entries(parsed.data));
}

let builtIn: Glossary | undefined;

/** The glossary shipped with Sportello (`src/kb/lexicon/glossary-en-it.yml`), read once per process. */
export function builtInGlossary(): Glossary {
  if (!builtIn) {
    const file = path.join(__dirname, 'glossary-en-it.yml');
    builtIn = parseGlossary(readFileSync(file, 'utf8'), file);
  }
  return builtIn;
}
