import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import type { KbLang } from '../entry';
import { type PhraseGroup, PhraseMatcher } from '../phrase-matcher';
import type { Synonyms } from '../synonyms';
import { worldGroups } from './world';

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

/** Reads one of the lexicon's YAML files against its schema; a {@link LexiconError} says what is wrong. */
export function readLexiconYaml<T>(text: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    // js-yaml, not the `yaml` package the entries use: the lexicon is half a megabyte of YAML read at every
    // start, and js-yaml parses it several times faster.
    raw = load(text, { filename: file });
  } catch (err) {
    throw new LexiconError(file, `YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return checked(raw ?? {}, file, schema);
}

/** Reads a learned data file's JSON text (associations, question bank), checked against its schema. */
export function readLearnedJson<T>(text: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LexiconError(file, `JSON: ${(err as Error).message}`);
  }
  return checked(raw, file, schema);
}

function checked<T>(raw: unknown, file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LexiconError(file, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const shipped = new Map<string, unknown>();

/** A data file shipped beside the lexicon (`src/kb/lexicon/<name>`), read and parsed once per process. */
export function shippedFile<T>(name: string, parse: (text: string, file: string) => T): T {
  if (!shipped.has(name)) {
    const file = path.join(__dirname, name);
    shipped.set(name, parse(readFileSync(file, 'utf8'), file));
  }
  return shipped.get(name) as T;
}

/** Parses a lexicon file's YAML text into phrase groups (facet groups with `facet`). */
export function parseLexicon(text: string, file: string, facet = false): PhraseGroup[] {
  return Object.entries(readLexiconYaml(text, file, fileSchema)).map(([id, g]) => ({
    id,
    official: g.official,
    everyday: g.everyday,
    ...(facet ? { facet } : {}),
  }));
}

const loaded = new Map<KbLang, PhraseGroup[]>();
let otherBodies: Set<string> | undefined;

/** Ids of the lexicon groups that name another public body's service (`other-bodies.yml`). */
export function otherBodyGroups(): ReadonlySet<string> {
  if (!otherBodies) {
    const file = path.join(__dirname, 'other-bodies.yml');
    const parsed = z.array(z.string()).safeParse(load(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new LexiconError(file, 'expected a list of group ids');
    otherBodies = new Set(parsed.data);
  }
  return otherBodies;
}

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
            ...(prev.facet || g.facet ? { facet: true } : {}),
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
  let groups = loaded.get(lang);
  if (!groups) {
    const dir = path.join(__dirname, lang);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .sort();
    // `facets.yml` holds the aspects of a question (hours, cost…), the other files services and topics.
    groups = mergeGroups([
      ...files.flatMap((f) =>
        parseLexicon(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f), f === 'facets.yml'),
      ),
      ...worldGroups(lang),
    ]).map((g) => (otherBodyGroups().has(g.id) ? { ...g, otherBody: true } : g));
    loaded.set(lang, groups);
  }
  return groups;
}

const matchers = new Map<KbLang, PhraseMatcher>();

/** The shipped lexicon of a language, compiled once per process. */
export function lexiconMatcher(lang: KbLang): PhraseMatcher {
  let matcher = matchers.get(lang);
  if (!matcher) {
    matcher = new PhraseMatcher(lang, builtInLexicon(lang));
    matchers.set(lang, matcher);
  }
  return matcher;
}

/**
 * A city's `synonyms.yml` as phrase groups, its own layer on top of the lexicon: the canonical phrase is how
 * its entries say it, the variants how its citizens do. Variants are recognised in questions only, so an
 * entry that happens to use a variant in passing ("documenti" in the lost-property entry) is not taken for
 * the canonical topic.
 */
export function synonymGroups(synonyms: Synonyms[KbLang]): PhraseGroup[] {
  return synonyms.map(({ canonical, variants }) => ({
    id: `city-${canonical.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    official: [canonical],
    everyday: variants,
  }));
}
