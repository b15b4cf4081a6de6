import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { KbLang } from '../entry';
import type { PhraseGroup } from '../phrase-matcher';
import type { Synonyms } from '../synonyms';

const phrases = z.array(z.string().trim().min(1));
const fileSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'group ids are lower-case letters, digits and dashes'),
  z.strictObject({ official: phrases.min(1), everyday: phrases.default([]) }),
);

/** A lexicon file that cannot be used. */
export class LexiconError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'LexiconError';
  }
}

/** Parses a lexicon file's YAML text into phrase groups. */
export function parseLexicon(text: string, file: string): PhraseGroup[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new LexiconError(file, `YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LexiconError(file, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return Object.entries(parsed.data).map(([id, g]) => ({ id, official: g.official, everyday: g.everyday }));
}

const loaded = new Map<KbLang, PhraseGroup[]>();

/** Merges groups of the same id (an area file may extend a group another file started). */
export function mergeGroups(groups: readonly PhraseGroup[]): PhraseGroup[] {
  const byId = new Map<string, PhraseGroup>();
  for (const g of groups) {
    const prev = byId.get(g.id);
    byId.set(
      g.id,
      prev
        ? {
            id: g.id,
            official: [...new Set([...prev.official, ...g.official])],
            everyday: [...new Set([...prev.everyday, ...g.everyday])],
          }
        : g,
    );
  }
  return [...byId.values()];
}

/**
 * The lexicon shipped with Sportello for a language (`src/kb/lexicon/<lang>/*.yml`, one file per area): how
 * Italians (and English speakers in Italy) name public services in everyday words, grouped with the official
 * words comuni use. Read once per process.
 */
export function builtInLexicon(lang: KbLang): PhraseGroup[] {
  if (process.env.EXPERIMENT_NO_LEXICON) return [];
  let groups = loaded.get(lang);
  if (!groups) {
    const dir = path.join(__dirname, lang);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .sort();
    groups = mergeGroups(
      files.flatMap((f) => parseLexicon(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f))),
    );
    loaded.set(lang, groups);
  }
  return groups;
}

/**
 * A city's `synonyms.yml` as phrase groups. The city's words are its own layer on top of the lexicon and,
 * as before the lexicon existed, work both ways: an entry written with a variant also answers the canonical
 * word.
 */
export function synonymGroups(synonyms: Synonyms[KbLang]): PhraseGroup[] {
  return synonyms.map(({ canonical, variants }) => ({
    id: `city-${canonical.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    official: [canonical, ...variants],
    everyday: [],
  }));
}
