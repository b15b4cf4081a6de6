import type { IndexResult, QueryAnalysis, ScoredEntry } from './search-index';

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
  /**
   * 1 for an entry of the other language, weighed against the question read across (an English question
   * about a service only the Italian entries describe); such a candidate also weighs that reading's
   * question features, with the model's `across` weights.
   */
  'foreign',
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
 * A listwise model over the best entries of both languages and the option "none of them": each candidate's
 * weight is a linear score of its features (plus, for the other language's entries, of how that reading
 * understood the question), the option "none" a linear score of the question's; a softmax over them gives
 * the probability that each entry is the right one.
 */
export interface ConfidenceModel {
  candidate: Record<CandidateFeature, number>;
  /** Weights of the question features of the reading across languages, for the other language's entries. */
  across: Record<QuestionFeature, number>;
  none: Record<QuestionFeature, number>;
  noneBias: number;
}

/**
 * What the model weighs: a search in the question's language and, when the knowledge base has entries in the
 * other language, the same reading weighed against those (see KnowledgeSnapshot.search).
 */
export interface Weighing extends IndexResult {
  across?: IndexResult | undefined;
}

/** One candidate the model weighed, with the reading it was found by. */
export interface JudgedEntry {
  entry: ScoredEntry;
  p: number;
  /** True for an entry of the other language, found by the reading across languages. */
  foreign: boolean;
  /** How that reading understood the question (what the policy's rules read). */
  query: QueryAnalysis;
}

/** The best entries in the model's order, each with the probability that it answers the question. */
export interface Judged {
  ranked: JudgedEntry[];
  /** The probability that none of them does. */
  none: number;
}

/**
 * The candidates the model weighs, in order (the question's language's best five, then the other
 * language's), with their feature vectors (candidate features, then the across reading's question features
 * or zeros) and the question's features; undefined when nothing was found.
 */
export function weighed(
  w: Weighing,
): { candidates: Array<Omit<JudgedEntry, 'p'>>; x: number[][]; q: number[] } | undefined {
  const own = w.results.slice(0, JUDGED);
  const other = w.across;
  const across = other?.results.slice(0, JUDGED) ?? [];
  const ownQ = questionFeatures(own, w.query);
  const acrossQ = other && questionFeatures(across, other.query);
  const q = ownQ && acrossQ ? knownToEither(ownQ, acrossQ) : (ownQ ?? acrossQ);
  if (!q) return undefined;
  const none = QUESTION_FEATURES.map(() => 0);
  const x = [
    ...candidateFeatures(own).map((f) => [...f, ...none]),
    ...(acrossQ ? candidateFeatures(across, true).map((f) => [...f, ...acrossQ]) : []),
  ];
  const candidates = [
    ...own.map((entry) => ({ entry, foreign: false, query: w.query })),
    ...(acrossQ && other ? across.map((entry) => ({ entry, foreign: true, query: other.query })) : []),
  ];
  return { candidates, x, q };
}

/**
 * The question's features with what no entry knows read over both languages: a topic the English entries
 * lack is no sign of "none of them" when the Italian ones know it.
 */
function knownToEither(own: readonly number[], across: readonly number[]): number[] {
  const at = (name: QuestionFeature) => QUESTION_FEATURES.indexOf(name);
  const q = [...own];
  for (const name of ['unknownTopical', 'strangers'] as const)
    q[at(name)] = Math.min(own[at(name)] as number, across[at(name)] as number);
  q[at('known')] = Math.max(own[at('known')] as number, across[at('known')] as number);
  return q;
}

/**
 * Candidate features of each result (the lexical best first, as the search returns them); `foreign` for the
 * other language's entries weighed against the question read across.
 */
export function candidateFeatures(results: readonly ScoredEntry[], foreign = false): number[][] {
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
      foreign: foreign ? 1 : 0,
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

/** The model's candidate weights in the order of {@link weighed}'s vectors. */
function candidateWeights(model: ConfidenceModel): number[] {
  return [
    ...CANDIDATE_FEATURES.map((n) => model.candidate[n]),
    ...QUESTION_FEATURES.map((n) => model.across[n]),
  ];
}

/** Softmax of the candidates' and "none"'s linear scores, from {@link weighed}'s vectors. */
export function softmaxJudge(
  candidates: readonly number[][],
  question: readonly number[],
  model: ConfidenceModel,
): { p: number[]; none: number } {
  return softmaxOfWeights(
    candidates,
    question,
    candidateWeights(model),
    QUESTION_FEATURES.map((n) => model.none[n]),
    model.noneBias,
  );
}

/** {@link softmaxJudge} with the weights as arrays in the order of {@link weighed}'s vectors. */
function softmaxOfWeights(
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
 * question (a second look at the lexical order, which weighs the same evidence by fixed shares), the other
 * language's best entries among them when the question was read across too.
 */
export function judge(w: Weighing, model: ConfidenceModel): Judged | undefined {
  // The model was fitted on the best five of each reading: a longer list asked for by a caller must not
  // change the decision.
  const found = weighed(w);
  if (!found) return undefined;
  const { p, none } = softmaxJudge(found.x, found.q, model);
  const ranked = found.candidates.map((c, i) => ({ ...c, p: p[i] as number }));
  // Stable: equal probabilities keep the lexical order, the question's language first.
  ranked.sort((a, b) => b.p - a.p);
  for (const entry of w.results.slice(JUDGED)) ranked.push({ entry, p: 0, foreign: false, query: w.query });
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
    score: 0.31,
    coverage: -0.25,
    phrasing: 1.63,
    evidence: 1.49,
    topic: 1.71,
    key: 0.13,
    units: 0.55,
    named: 1.32,
    substance: -0.23,
    plain: 0.13,
    behind: 0.53,
    evidenceBehind: 0.63,
    first: 0.21,
    plainFirst: 0.54,
    assoc: 2.82,
    assocShare: 0.02,
    assocFirst: 0.72,
    bankBehind: 3.57,
    foreign: -0.08,
  },
  across: {
    unknownTopical: -0.01,
    known: -0.97,
    strangers: -0.28,
    bestEvidence: 0.31,
    bestScore: -0.49,
    bestCoverage: -0.64,
    bestPhrasing: -0.15,
    bestTopic: -0.09,
    bestUnits: -0.26,
    bestKey: -0.39,
    foreign: -0.08,
  },
  none: {
    unknownTopical: 3.86,
    known: 0.39,
    strangers: -0.4,
    bestEvidence: -1.62,
    bestScore: 0.64,
    bestCoverage: 1.12,
    bestPhrasing: -0.49,
    bestTopic: -0.05,
    bestUnits: 1.23,
    bestKey: 0.14,
    foreign: 0.05,
  },
  noneBias: 5.06,
};
