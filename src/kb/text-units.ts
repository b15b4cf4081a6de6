import type { PhraseMatch } from './phrase-matcher';

/** A sentence's words ready for matching: stems, and whether each word means something on its own. */
export interface Analyzed {
  stems: string[];
  words: string[];
  meaningful: boolean[];
}

/** One unit of a text: a recognised phrase (its concepts) or a single meaningful word. */
export interface TextUnit {
  positions: number[];
  concepts: string[];
  /** Words of the phrase (1 for a single word). */
  length: number;
  /** Stems of its meaningful words and its concepts. */
  terms: string[];
}

/**
 * Splits analysed words into units: all the words that name one concept form one unit (however many of its
 * phrases matched), concepts named by exactly the same words share a unit, and every meaningful word no
 * phrase took is a unit of its own. Different concepts over overlapping words stay apart, so a question is
 * never satisfied by the weaker of two concepts.
 */
export function toUnits(a: Analyzed, matches: readonly PhraseMatch[]): TextUnit[] {
  const byConcept = new Map<string, { positions: Set<number>; length: number }>();
  for (const m of matches) {
    const c = byConcept.get(m.concept) ?? { positions: new Set<number>(), length: 0 };
    for (const p of m.positions) c.positions.add(p);
    c.length = Math.max(c.length, m.length);
    byConcept.set(m.concept, c);
  }
  const byPositions = new Map<string, TextUnit>();
  const taken = new Set<number>();
  for (const [concept, c] of byConcept) {
    const positions = [...c.positions].sort((x, y) => x - y);
    const key = positions.join(',');
    const unit = byPositions.get(key);
    if (unit) {
      unit.concepts.push(concept);
      unit.length = Math.max(unit.length, c.length);
    } else byPositions.set(key, { positions, concepts: [concept], length: c.length, terms: [] });
    for (const p of positions) taken.add(p);
  }
  const units = [...byPositions.values()];
  a.stems.forEach((_, p) => {
    if (!taken.has(p) && a.meaningful[p]) units.push({ positions: [p], concepts: [], length: 1, terms: [] });
  });
  for (const u of units)
    u.terms = [
      ...new Set([
        ...u.concepts,
        ...u.positions.filter((p) => a.meaningful[p]).map((p) => a.stems[p] as string),
      ]),
    ];
  return units.sort((x, y) => (x.positions[0] ?? 0) - (y.positions[0] ?? 0));
}
