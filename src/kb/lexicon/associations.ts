import { z } from 'zod';
import type { KbLang } from '../entry';
import { readLearnedJson, shippedFile } from './lexicon';

/** One labelled question of a tuning set, as the learning reads it (stems as the search index makes them). */
export interface AssociationExample {
  lang: KbLang;
  /** The knowledge base it was asked of: an association counts once per knowledge base. */
  source: string;
  /** The question's meaningful stems. */
  question: readonly string[];
  /** The stems of the right entry's title, tags and questions. */
  strong: readonly string[];
  /** Every term of the right entry (stems and concepts, body included). */
  all: ReadonlySet<string>;
}

/** The learned table: per language, question stem → entry stem → weight. */
export type AssociationTable = Record<KbLang, Record<string, Record<string, number>>>;

const tableSchema = z.object({
  it: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))),
  en: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))),
});

/** Knowledge bases that must agree on an association before it is kept. */
export const MIN_SOURCES = 3;

/**
 * Learns which words citizens use for what an entry's title, tags and questions say, from questions whose
 * right entry does not contain the word ("bidoni" asked of "raccolta differenziata", "sposarci" of
 * "matrimonio civile"). A pair counts once per knowledge base and is kept when at least `minSources`
 * knowledge bases, written by different people about different comuni, show it; each entry word's kept
 * pairs share its weight in proportion.
 */
export function learnAssociations(
  examples: readonly AssociationExample[],
  minSources = MIN_SOURCES,
): AssociationTable {
  const sources: Record<KbLang, Map<string, Map<string, Set<string>>>> = { it: new Map(), en: new Map() };
  for (const ex of examples) {
    const strong = new Set(ex.strong);
    for (const w of new Set(ex.question)) {
      if (ex.all.has(w)) continue;
      const byTarget = sources[ex.lang].get(w) ?? new Map<string, Set<string>>();
      sources[ex.lang].set(w, byTarget);
      for (const t of strong) {
        const seen = byTarget.get(t) ?? new Set<string>();
        byTarget.set(t, seen);
        seen.add(ex.source);
      }
    }
  }
  // Prototype-free rows: a stem is never mistaken for an Object property.
  const table: AssociationTable = { it: Object.create(null), en: Object.create(null) };
  for (const lang of ['it', 'en'] as const) {
    const kept: Array<[string, string, number]> = [];
    const perTarget = new Map<string, number>();
    for (const [w, byTarget] of sources[lang])
      for (const [t, seen] of byTarget) {
        if (seen.size < minSources) continue;
        kept.push([w, t, seen.size]);
        perTarget.set(t, (perTarget.get(t) ?? 0) + seen.size);
      }
    for (const [w, t, n] of kept) {
      const row = table[lang][w] ?? (Object.create(null) as Record<string, number>);
      row[t] = Math.round((n / (perTarget.get(t) ?? n)) * 1e4) / 1e4;
      table[lang][w] = row;
    }
  }
  return table;
}

/**
 * Word associations learned from how citizens of other comuni asked about services (`npm run fit:kb`,
 * docs/knowledge-base-quality.md). They never make a match: they are evidence the answer model weighs,
 * telling how much of a question an entry explains, in its own words or in words citizens use for them.
 */
export class Associations {
  /** Per question word: its entry words, strongest first, each as a share of the strongest association. */
  private readonly maps: Record<KbLang, Map<string, ReadonlyArray<readonly [string, number]>>>;

  constructor(table: AssociationTable) {
    const shares = (row: Record<string, number>) => {
      const sorted = Object.entries(row).sort((a, b) => b[1] - a[1]);
      const top = sorted[0]?.[1] ?? 0;
      return top > 0 ? sorted.map(([t, p]) => [t, p / top] as const) : [];
    };
    const build = (lang: KbLang) =>
      new Map(Object.entries(table[lang]).map(([w, row]) => [w, shares(row)] as const));
    this.maps = { it: build('it'), en: build('en') };
  }

  /**
   * How well an entry explains a question's words: each of the question's stems counts 1 when the entry holds
   * it anywhere (`term` gives an entry term's weight: 1 in its title, tags or questions, less in its body, 0
   * absent) and otherwise as strongly as it is associated with one of the entry's title, tag or question
   * words, as a share of the word's strongest association (unless `associate` is false); averaged over the
   * question's stems.
   */
  score(lang: KbLang, question: ReadonlySet<string>, term: (t: string) => number, associate = true): number {
    if (question.size === 0) return 0;
    const map = this.maps[lang];
    let sum = 0;
    for (const w of question) {
      if (term(w) > 0) {
        sum += 1;
        continue;
      }
      // The strongest association with one of the entry's title, tag or question words: the first found.
      const row = associate ? map.get(w) : undefined;
      for (const [t, share] of row ?? []) {
        if (term(t) < 1) continue;
        sum += share;
        break;
      }
    }
    return sum / question.size;
  }
}

/** Parses an associations file (JSON, as `npm run fit:kb -- … --write-associations FILE` writes it). */
export function parseAssociations(text: string, file: string): Associations {
  return new Associations(readLearnedJson(text, file, tableSchema));
}

/** The associations shipped with Sportello (`src/kb/lexicon/associations.json`), read once per process. */
export function builtInAssociations(): Associations {
  return shippedFile('associations.json', parseAssociations);
}
