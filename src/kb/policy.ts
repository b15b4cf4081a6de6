import type { ScoredEntry } from './search-index';

/** The thresholds of the confidence policy. */
export interface PolicyOptions {
  /** At or above: answer directly (KB_ANSWER_THRESHOLD). */
  answerThreshold: number;
  /** At or above (and below the answer threshold): offer the closest entries (KB_SUGGEST_THRESHOLD). */
  suggestThreshold: number;
  /**
   * When the runner-up is within this distance of the best entry, the question is ambiguous (e.g. just
   * "TARI") and the closest entries are offered instead of guessing.
   */
  ambiguityMargin?: number;
  /** Most entries offered in the grey zone. */
  maxSuggestions?: number;
}

/** What to do with a question, given the scored entries. */
export type Decision =
  | { kind: 'answer'; best: ScoredEntry; alternatives: ScoredEntry[] }
  | { kind: 'suggest'; options: ScoredEntry[] }
  | { kind: 'none'; best?: ScoredEntry };

/** Default ambiguity margin. */
export const AMBIGUITY_MARGIN = 0.05;

/**
 * The confidence policy: answer above the answer threshold unless another entry is nearly as good; in the
 * grey zone offer the top 2–3 entries ("Forse cercavi…"); below the suggest threshold, no answer.
 */
export function decide(results: readonly ScoredEntry[], options: PolicyOptions): Decision {
  const [best, second] = results;
  if (!best || best.score < options.suggestThreshold) return best ? { kind: 'none', best } : { kind: 'none' };
  const margin = options.ambiguityMargin ?? AMBIGUITY_MARGIN;
  const alternatives = results.slice(1).filter((r) => r.score >= options.suggestThreshold);
  if (best.score >= options.answerThreshold && !(second && second.score > best.score - margin)) {
    return { kind: 'answer', best, alternatives };
  }
  const max = options.maxSuggestions ?? 3;
  // Only entries close to the best one: a far third option is noise, not help.
  const options_ = results.filter(
    (r, i) => i === 0 || (r.score >= options.suggestThreshold && r.score >= best.score - 0.2),
  );
  return { kind: 'suggest', options: options_.slice(0, max) };
}
