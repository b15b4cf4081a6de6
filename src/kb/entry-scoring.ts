import type { KbEntry } from './entry';
import type { QueryUnit, ScoredEntry } from './scored-entry';

/** An entry as the search index keeps it for scoring. */
export interface DocInfo {
  entry: KbEntry;
  /** Term → 1 when in title/questions/tags, {@link BODY_MATCH} when only in the body. */
  terms: Map<string, number>;
  /** Terms of the title and tags. */
  topic: Set<string>;
  /** Units of the title and of each question, for the reverse check. */
  phrasings: Phrasing[];
}

/** The units of one phrasing (title or question): each a set of terms that satisfy it, with a weight. */
export interface Phrasing {
  units: Array<{ terms: string[]; weight: number }>;
  total: number;
}

/** What scoring needs of the question, worked out once per search. */
export interface ScoringContext {
  units: readonly QueryUnit[];
  /** Sum of the units' weights. */
  total: number;
  /** The heaviest unit (the question's main topic, usually). */
  heaviest: QueryUnit;
  /** Per unit: true when it names only facets (hours, cost…). */
  isFacet: readonly boolean[];
  /** Weight of the units that are not facets. */
  substanceTotal: number;
  /** Best credit any unit gives each term (for the phrasings). */
  credits: ReadonlyMap<string, number>;
  /** The weight of the rarest possible word, the unit of `evidence`. */
  rarest: number;
  /** Per unit: how well the best entry scored so far satisfies it (updated by {@link scoreEntry}). */
  unitBest: Float64Array;
  /** True for a concept naming a service or topic (not a facet, not another public body). */
  namesService: (concept: string) => boolean;
  /** True for a concept naming another public body's service. */
  otherBody: (concept: string) => boolean;
}

/** Weight of a match found only in an entry's body, against one in its title, questions or tags. */
export const BODY_MATCH = 0.5;
// Shares of the ranking score: how much of the question the entry covers, and how much of the closest of the
// entry's own phrasings the question covers (so "carta d'identità" alone is less sure than a full question).
const QUERY_SHARE = 0.7;
const PHRASING_SHARE = 0.3;

/** How well one entry answers the question: the ranking score and the figures the confidence decision reads. */
export function scoreEntry(doc: DocInfo, ctx: ScoringContext): Omit<ScoredEntry, 'plain' | 'assoc' | 'bank'> {
  const { units, total } = ctx;
  let covered = 0;
  let inTopic = 0;
  let key = 0;
  let matchedUnits = 0;
  let named = false;
  let substance = 0;
  for (let ui = 0; ui < units.length; ui++) {
    const u = units[ui] as QueryUnit;
    let best = 0;
    let topical = 0;
    for (const c of u.concepts) {
      best = Math.max(best, doc.terms.get(c) ?? 0);
      if (doc.topic.has(c)) topical = 1;
    }
    // Without the concept, the entry satisfies the unit by its words, each for its share.
    let byParts = 0;
    let topicParts = 0;
    for (const part of u.parts) {
      let b = 0;
      let tp = 0;
      for (const x of part.alternatives) {
        b = Math.max(b, x.credit * (doc.terms.get(x.term) ?? 0));
        if (doc.topic.has(x.term)) tp = Math.max(tp, x.credit);
      }
      byParts += part.share * b;
      topicParts += part.share * tp;
    }
    // A phrase only partly found is weak evidence: two words of three count for 4/9, not 2/3.
    if (u.parts.length > 1) byParts *= byParts;
    best = Math.max(best, byParts);
    topical = Math.max(topical, topicParts);
    ctx.unitBest[ui] = Math.max(ctx.unitBest[ui] ?? 0, best);
    covered += u.weight * best;
    inTopic += u.weight * topical;
    if (u === ctx.heaviest) key = best;
    if (best >= 0.5) matchedUnits++;
    if (!ctx.isFacet[ui]) substance += u.weight * best;
    if (!named && best >= 0.5 && u.names && namesAService(u, doc, ctx)) named = true;
  }
  let phrasing = 0;
  for (const p of doc.phrasings) {
    let have = 0;
    for (const pu of p.units) {
      let credit = 0;
      for (const t of pu.terms) credit = Math.max(credit, ctx.credits.get(t) ?? 0);
      have += pu.weight * credit;
    }
    // Both ways: a short generic phrasing ("Quanto costa?") covered by a long question is no match.
    const a = p.total > 0 ? Math.min(1, have / p.total) : 0;
    const b = Math.min(1, have / total);
    if (a + b > 0) phrasing = Math.max(phrasing, (2 * a * b) / (a + b));
  }
  const coverage = covered / total;
  return {
    entry: doc.entry,
    score: QUERY_SHARE * coverage + PHRASING_SHARE * phrasing,
    coverage,
    phrasing,
    evidence: covered / ctx.rarest,
    topic: inTopic / total,
    key,
    units: matchedUnits / units.length,
    named,
    substance: ctx.substanceTotal > 0 ? substance / ctx.substanceTotal : 0,
  };
}

/**
 * Whether a unit names a service in this entry: another body's counts when the entry is about it ("register
 * with a GP" in a health entry).
 */
function namesAService(u: QueryUnit, doc: DocInfo, ctx: ScoringContext): boolean {
  for (const c of u.concepts) if (ctx.namesService(c) || (ctx.otherBody(c) && doc.topic.has(c))) return true;
  return false;
}
