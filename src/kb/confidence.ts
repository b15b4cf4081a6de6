import type { QueryAnalysis, ScoredEntry } from './search-index';

/** What the confidence decision reads about a question and its best entries: ratios, never raw scores. */
export interface ConfidenceFeatures {
  /** Ranking score of the best entry (0–1). */
  score: number;
  /** Share of the question's topic weight the best entry accounts for. */
  coverage: number;
  /** How much of the best entry's closest phrasing the question covers. */
  phrasing: number;
  /** Best score minus the runner-up's. */
  margin: number;
  /** Share of the question's weight in topic words no entry knows. */
  unknownTopical: number;
  /** Share of the question's weight in words some entry knows. */
  known: number;
  /** The best entry's evidence (matched weight in rarest-word units), capped at 3. */
  evidence: number;
  /** The best entry's evidence minus the runner-up's. */
  evidenceMargin: number;
  /** Share of the question's weight found in the best entry's title and tags. */
  topic: number;
  /** The best score's lead over the runner-up, relative to the best score. */
  lead: number;
  /** How fully the best entry satisfies the question's heaviest unit. */
  key: number;
  /** Share of the question's units the best entry satisfies, counted. */
  units: number;
  /** Share of the question's units no entry nor the lexicon knows, counted. */
  strangers: number;
  /**
   * 1 when the plain second ranking (words only, no lexicon) prefers the same entry, 0 when it prefers
   * another, ½ when it finds none of the best entry's words.
   */
  agree: number;
  /** The plain ranking's rating of the best entry minus the runner-up's (−1…1; 0 when it finds none). */
  plainMargin: number;
}

/** The features of a ranking (undefined when nothing was found). */
export function features(
  results: readonly ScoredEntry[],
  query: QueryAnalysis,
): ConfidenceFeatures | undefined {
  const [best, second] = results;
  if (!best || query.total <= 0) return undefined;
  const knownWeight = query.units.filter((u) => u.known).reduce((sum, u) => sum + u.weight, 0);
  return {
    score: best.score,
    coverage: best.coverage,
    phrasing: best.phrasing,
    margin: best.score - (second?.score ?? 0),
    unknownTopical: query.unknownTopical / query.total,
    known: knownWeight / query.total,
    evidence: Math.min(3, best.evidence),
    evidenceMargin: Math.min(3, best.evidence) - Math.min(3, second?.evidence ?? 0),
    topic: best.topic,
    lead: best.score > 0 ? (best.score - (second?.score ?? 0)) / best.score : 0,
    key: best.key,
    units: best.units,
    strangers: query.strangers,
    // A plain reading that finds none of the best entry's words (the question reached it through everyday
    // words only the lexicon knows) neither agrees nor disagrees.
    agree: best.plain >= 1 ? 1 : best.plain > 0 ? 0 : 0.5,
    plainMargin: best.plain > 0 ? best.plain - (second?.plain ?? 0) : 0,
  };
}

/** Names of the features in the order the model's weights use. */
export const FEATURE_NAMES = [
  'score',
  'coverage',
  'phrasing',
  'margin',
  'unknownTopical',
  'known',
  'evidence',
  'evidenceMargin',
  'topic',
  'lead',
  'key',
  'units',
  'strangers',
  'agree',
  'plainMargin',
] as const;

/** A logistic model over the features: `bias` plus one weight per feature. */
export interface ConfidenceModel {
  bias: number;
  weights: Record<(typeof FEATURE_NAMES)[number], number>;
}

/** The probability that the best entry answers the question, from a logistic model over the features. */
export function confidence(f: ConfidenceFeatures, model: ConfidenceModel): number {
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += model.weights[name] * f[name];
  return 1 / (1 + Math.exp(-z));
}

/**
 * The model shipped with Sportello, fitted with `npm run fit:kb` on seven blind tuning sets of other comuni
 * (docs/knowledge-base-quality.md), its bias lowered so that at the default answer threshold a model
 * fitted without a set keeps that set's wrong answers within the target; the held-out blind set is never
 * fitted on.
 */
export const DEFAULT_MODEL: ConfidenceModel = {
  bias: -3.82,
  weights: {
    score: 0.11,
    coverage: -0.36,
    phrasing: 1.21,
    margin: -0.09,
    unknownTopical: -2,
    known: 0.11,
    evidence: 1.44,
    evidenceMargin: 2.35,
    topic: 1.5,
    lead: -0.09,
    key: 0.09,
    units: 1.32,
    strangers: 0.93,
    agree: 0.74,
    plainMargin: 0.44,
  },
};
