import { type ConfidenceModel, confidence, DEFAULT_MODEL, features } from './confidence';
import type { QueryAnalysis, ScoredEntry } from './search-index';

/** The thresholds of the confidence policy, on the probability that the best entry is the right one. */
export interface PolicyOptions {
  /** At or above: answer directly (KB_ANSWER_THRESHOLD). */
  answerThreshold: number;
  /** At or above (and below the answer threshold): offer the closest entries (KB_SUGGEST_THRESHOLD). */
  suggestThreshold: number;
  /** Most entries offered in the grey zone. */
  maxSuggestions?: number;
  /** The confidence model (default: the one shipped, fitted on several comuni). */
  model?: ConfidenceModel;
}

/** What to do with a question, given the scored entries; `confidence` is between 0 and 1. */
export type Decision =
  | { kind: 'answer'; best: ScoredEntry; alternatives: ScoredEntry[]; confidence: number }
  | { kind: 'suggest'; options: ScoredEntry[]; confidence: number }
  | { kind: 'none'; best?: ScoredEntry; confidence: number };

/** A search's outcome as the policy reads it: the ranking and how the question was understood. */
export interface Ranking {
  results: readonly ScoredEntry[];
  query: QueryAnalysis;
}

/** Default KB_ANSWER_THRESHOLD: answer when the best entry is at least this likely to be right. */
export const DEFAULT_ANSWER_THRESHOLD = 0.6;
/** Default KB_SUGGEST_THRESHOLD: below it, no choices either. */
export const DEFAULT_SUGGEST_THRESHOLD = 0.3;

/** Scores this close (relative to the best) are a tie. */
const TIE = 0.02;

/** Entries within this score of the best are offered beside it; farther ones are noise, not help. */
const CLOSE = 0.2;

/**
 * The confidence policy: the probability that the best entry answers the question comes from evidence that
 * does not depend on the knowledge base's size or wording (coverage both ways, margin over the runner-up,
 * topic words no entry knows); answer above the answer threshold, offer the closest entries ("Forse
 * cercavi…") in the grey zone, otherwise say honestly that there is no answer.
 */
export function decide(ranking: Ranking, options: PolicyOptions): Decision {
  const { results } = ranking;
  const best = results[0];
  const f = features(results, ranking.query);
  if (!best || !f) return { kind: 'none', confidence: 0 };
  // Another body's service that no entry mentions, and nothing else the question names that the best entry
  // has ("notaio" in a question about the urban-planning certificate is fine): an entry that merely shares a
  // word with it would be a wrong answer.
  if (ranking.query.otherBody && !best.named) return { kind: 'none', best, confidence: 0 };
  // Only aspects in common ("dove", "orari", "telefono") and nothing of what the question is about.
  if (best.substance === 0) return { kind: 'none', best, confidence: 0 };
  const p = confidence(f, options.model ?? DEFAULT_MODEL);
  const close = results.filter((r, i) => i === 0 || r.score >= best.score - CLOSE);
  // Two entries that account for the question equally ("TARI" alone, with five TARI entries): the citizen
  // chooses, the bot does not guess from which title happens to be shorter.
  const second = results[1];
  const tie =
    second !== undefined &&
    (best.score - second.score <= TIE * best.score ||
      (second.coverage >= best.coverage - TIE && second.topic >= best.topic - TIE && best.coverage > 0.9));
  if (tie && p >= options.suggestThreshold)
    return { kind: 'suggest', options: close.slice(0, options.maxSuggestions ?? 3), confidence: p };
  if (p >= options.answerThreshold)
    return { kind: 'answer', best, alternatives: close.slice(1), confidence: p };
  if (p >= options.suggestThreshold)
    return { kind: 'suggest', options: close.slice(0, options.maxSuggestions ?? 3), confidence: p };
  return { kind: 'none', best, confidence: p };
}
