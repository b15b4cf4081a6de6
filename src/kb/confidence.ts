import type { QueryAnalysis, ScoredEntry } from './search-index';

/**
 * What the answer model reads about one candidate entry: its own figures and how far it is behind the
 * lexical best. Ratios, never raw scores, so the model does not depend on the knowledge base's size.
 */
export const CANDIDATE_FEATURES = [
  'score',
  'coverage',
  'phrasing',
  'evidence',
  'topic',
  'key',
  'units',
  'named',
  'substance',
  'plain',
  /** The candidate's score minus the lexical best's (0 for the best, negative behind it). */
  'behind',
  /** The candidate's evidence minus the lexical best's, both capped at 3. */
  'evidenceBehind',
  /** 1 for the lexical best. */
  'first',
  /** 1 when the plain second reading (words only, no lexicon) prefers this candidate. */
  'plainFirst',
  /** Share of the question's words the entry explains, as written or by associations learned elsewhere. */
  'assoc',
  /** The candidate's association over the most associated candidate's (1 for that one). */
  'assocShare',
  /** 1 for the candidate that explains the most of the question's words. */
  'assocFirst',
  /**
   * How much less the question resembles what other comuni's citizens asked of this service than of the
   * most resembling candidate's (0 for that one; 0 for all when none has a counterpart elsewhere).
   */
  'bankBehind',
] as const;

/**
 * What the answer model reads about the question as a whole, for the option "none of these entries": what
 * no entry knows, and how strong the lexical best is.
 */
export const QUESTION_FEATURES = [
  /** Share of the question's weight in topic words no entry knows. */
  'unknownTopical',
  /** Share of the question's weight in words some entry knows. */
  'known',
  /** Share of the question's units no entry nor the lexicon knows, counted. */
  'strangers',
  'bestEvidence',
  'bestScore',
  'bestCoverage',
  'bestPhrasing',
  'bestTopic',
  'bestUnits',
  'bestKey',
  /** 1 when the question was read in the other language than the entries' (shared concepts only). */
  'foreign',
] as const;

/** How many of the best entries the model weighs (the search's default limit, as in the fit). */
export const JUDGED = 5;

type CandidateFeature = (typeof CANDIDATE_FEATURES)[number];
type QuestionFeature = (typeof QUESTION_FEATURES)[number];

/**
 * A listwise model over the best entries and the option "none of them": each candidate's weight is a linear
 * score of its features, the option "none" a linear score of the question's; a softmax over them gives the
 * probability that each entry is the right one.
 */
export interface ConfidenceModel {
  candidate: Record<CandidateFeature, number>;
  none: Record<QuestionFeature, number>;
  noneBias: number;
}

/** The best entries in the model's order, each with the probability that it answers the question. */
export interface Judged {
  ranked: Array<{ entry: ScoredEntry; p: number }>;
  /** The probability that none of them does. */
  none: number;
}

/** Candidate features of each result (the lexical best first, as the search returns them). */
export function candidateFeatures(results: readonly ScoredEntry[]): number[][] {
  const best = results[0];
  if (!best) return [];
  const topAssoc = Math.max(...results.map((r) => r.assoc));
  const topBank = Math.max(...results.map((r) => r.bank));
  return results.map((r, i) => {
    const f: Record<CandidateFeature, number> = {
      score: r.score,
      coverage: r.coverage,
      phrasing: r.phrasing,
      evidence: Math.min(3, r.evidence),
      topic: r.topic,
      key: r.key,
      units: r.units,
      named: r.named ? 1 : 0,
      substance: r.substance,
      plain: r.plain,
      behind: r.score - best.score,
      evidenceBehind: Math.min(3, r.evidence) - Math.min(3, best.evidence),
      first: i === 0 ? 1 : 0,
      plainFirst: r.plain >= 1 ? 1 : 0,
      assoc: r.assoc,
      assocShare: topAssoc > 0 ? r.assoc / topAssoc : 0,
      assocFirst: r.assoc > 0 && r.assoc >= topAssoc ? 1 : 0,
      bankBehind: r.bank - topBank,
    };
    return CANDIDATE_FEATURES.map((n) => f[n]);
  });
}

/** Question features (undefined when nothing was found). */
export function questionFeatures(
  results: readonly ScoredEntry[],
  query: QueryAnalysis,
): number[] | undefined {
  const best = results[0];
  if (!best || query.total <= 0) return undefined;
  const knownWeight = query.units.filter((u) => u.known).reduce((sum, u) => sum + u.weight, 0);
  const f: Record<QuestionFeature, number> = {
    unknownTopical: query.unknownTopical / query.total,
    known: knownWeight / query.total,
    strangers: query.strangers,
    bestEvidence: Math.min(3, best.evidence),
    bestScore: best.score,
    bestCoverage: best.coverage,
    bestPhrasing: best.phrasing,
    bestTopic: best.topic,
    bestUnits: best.units,
    bestKey: best.key,
    foreign: query.foreign ? 1 : 0,
  };
  return QUESTION_FEATURES.map((n) => f[n]);
}

/** Softmax of the candidates' and "none"'s linear scores, from the features above. */
export function softmaxJudge(
  candidates: readonly number[][],
  question: readonly number[],
  model: ConfidenceModel,
): { p: number[]; none: number } {
  return softmaxOfWeights(
    candidates,
    question,
    CANDIDATE_FEATURES.map((n) => model.candidate[n]),
    QUESTION_FEATURES.map((n) => model.none[n]),
    model.noneBias,
  );
}

/**
 * {@link softmaxJudge} with the weights as arrays in the order of {@link CANDIDATE_FEATURES} and
 * {@link QUESTION_FEATURES} (the fit's inner loop updates them in place).
 */
export function softmaxOfWeights(
  candidates: readonly number[][],
  question: readonly number[],
  cw: readonly number[],
  qw: readonly number[],
  noneBias: number,
): { p: number[]; none: number } {
  const z = candidates.map((x) => x.reduce((s, v, i) => s + v * (cw[i] as number), 0));
  const zNone = question.reduce((s, v, i) => s + v * (qw[i] as number), noneBias);
  const top = Math.max(zNone, ...z);
  const e = z.map((v) => Math.exp(v - top));
  const eNone = Math.exp(zNone - top);
  const sum = e.reduce((a, b) => a + b, eNone);
  return { p: e.map((v) => v / sum), none: eNone / sum };
}

/**
 * The search's best entries judged by the model: reordered by the probability that each answers the
 * question (a second look at the lexical order, which weighs the same evidence by fixed shares).
 */
export function judge(
  results: readonly ScoredEntry[],
  query: QueryAnalysis,
  model: ConfidenceModel,
): Judged | undefined {
  const q = questionFeatures(results, query);
  if (!q) return undefined;
  // The model was fitted on the best five: a longer list asked for by a caller must not change the decision.
  const judged = results.slice(0, JUDGED);
  const { p, none } = softmaxJudge(candidateFeatures(judged), q, model);
  const ranked = judged.map((entry, i) => ({ entry, p: p[i] as number }));
  // Stable: equal probabilities keep the lexical order.
  ranked.sort((a, b) => b.p - a.p);
  for (const entry of results.slice(JUDGED)) ranked.push({ entry, p: 0 });
  return { ranked, none };
}

/**
 * The model shipped with Sportello, fitted with `npm run fit:kb` on the blind tuning sets of other comuni
 * (docs/knowledge-base-quality.md), the bias of "none" raised so that at the default answer threshold the
 * models fitted without each set keep that set's wrong answers within the target; a held-out blind set is
 * never fitted on.
 */
export const DEFAULT_MODEL: ConfidenceModel = {
  candidate: {
    score: 0.38,
    coverage: -0.08,
    phrasing: 1.46,
    evidence: 1.31,
    topic: 1.62,
    key: 0.18,
    units: -0.1,
    named: 0.97,
    substance: -0.06,
    plain: 0.32,
    behind: 0.69,
    evidenceBehind: 0.54,
    first: 0.2,
    plainFirst: 0.42,
    assoc: 2.83,
    assocShare: 1.15,
    assocFirst: 0.61,
    bankBehind: 3.29,
  },
  none: {
    unknownTopical: 3.68,
    known: -0.03,
    strangers: -0.42,
    bestEvidence: -0.77,
    bestScore: 0.31,
    bestCoverage: 0.69,
    bestPhrasing: -0.58,
    bestTopic: 0.08,
    bestUnits: 0.75,
    bestKey: 0.15,
    foreign: 0.85,
  },
  noneBias: 5.89,
};
