import { type ConfidenceModel, DEFAULT_MODEL, type Judged, judge, type Weighing } from './confidence';
import type { QueryAnalysis, ScoredEntry } from './search-index';

/** The thresholds of the confidence policy, on the answer model's probabilities. */
export interface PolicyOptions {
  /** The likeliest entry's probability at or above it: answer directly (KB_ANSWER_THRESHOLD). */
  answerThreshold: number;
  /** The closest entries' summed probability at or above it: offer them (KB_SUGGEST_THRESHOLD). */
  suggestThreshold: number;
  /** Most entries offered in the grey zone. */
  maxSuggestions?: number;
  /** The answer model (default: the one shipped, fitted on several comuni). */
  model?: ConfidenceModel;
}

/**
 * What to do with a question, given the scored entries; `confidence` is between 0 and 1. `ranked` is the best
 * entries in the answer model's order with the probabilities the thresholds were read against (absent when
 * nothing was weighed).
 */
export type Decision = (
  | { kind: 'answer'; best: ScoredEntry; alternatives: ScoredEntry[]; confidence: number }
  | { kind: 'suggest'; options: ScoredEntry[]; confidence: number }
  | { kind: 'none'; best?: ScoredEntry; confidence: number }
) & { ranked?: Judged['ranked'] };

/**
 * A search's outcome as the policy reads it: the ranking and how the question was understood, and the other
 * language's ranking for the same reading when there is one.
 */
export type Ranking = Weighing;

/** Default KB_ANSWER_THRESHOLD: answer when the best entry is at least this likely to be right. */
export const DEFAULT_ANSWER_THRESHOLD = 0.6;
/** Default KB_SUGGEST_THRESHOLD: below it, no choices either. */
export const DEFAULT_SUGGEST_THRESHOLD = 0.3;

/** Scores this close (relative to the best) are a tie. */
const TIE = 0.02;
/** A tied runner-up the answer model gives less than this is no real alternative. */
const TIE_LIKELY = 0.05;

/**
 * A runner-up at least this likely (by the answer model) is offered beside the best instead of being passed
 * over: with the best at 0.6 or more, two such entries hold nearly all the probability between them. Fewer
 * wrong answers bought here cost fewer right ones than through a higher answer threshold.
 */
const RIVAL = 0.22;

/** Entries within this score of the best are offered beside it; farther ones are noise, not help. */
const CLOSE = 0.2;
/** An entry of the other reading is offered beside the best from this probability. */
const OTHER_LIKELY = 0.1;

/**
 * True when a rule, not the model, refuses this entry as the answer: another body's service that no entry
 * mentions, and nothing else the question names that the entry has ("notaio" in a question about the
 * urban-planning certificate is fine), or only aspects in common ("dove", "orari", "telefono").
 */
export function ruledOut(entry: ScoredEntry, query: QueryAnalysis): boolean {
  return (query.otherBody && !entry.named) || entry.substance === 0;
}

/**
 * The confidence policy: a model fitted on other comuni weighs the best entries and the option "none of
 * them" from evidence that does not depend on the knowledge base's size or wording (coverage both ways,
 * margin over the runner-up, agreement of a plain second reading, topic words no entry knows); answer the
 * likeliest entry above the answer threshold, offer the closest entries ("Forse cercavi…") in the grey zone,
 * otherwise say honestly that there is no answer.
 */
export function decide(ranking: Ranking, options: PolicyOptions): Decision {
  const judged = judge(ranking, options.model ?? DEFAULT_MODEL);
  if (!judged) return { kind: 'none', confidence: 0 };
  const { ranked } = judged;
  const top = ranked[0] as Judged['ranked'][number];
  const best = top.entry;
  const p = top.p;
  if (ruledOut(best, top.query)) return { kind: 'none', best, confidence: 0, ranked };
  // Lexical scores compare only within one reading: the close entries are the best's language's, and the
  // other language's entries the model finds fairly likely.
  const close = ranked
    .filter(
      (r, i) =>
        i === 0 || (r.foreign === top.foreign ? r.entry.score >= best.score - CLOSE : r.p >= OTHER_LIKELY),
    )
    .map((r) => r.entry);
  // Two entries that account for the question equally ("TARI" alone, with five TARI entries): the citizen
  // chooses, the bot does not guess from which title happens to be shorter — unless the model all but
  // rules the second out.
  const second = ranked[1];
  const tie =
    second !== undefined &&
    second.foreign === top.foreign &&
    second.p >= TIE_LIKELY &&
    tied(best, second.entry);
  // A likely runner-up makes it a choice between two, however sure the best looks, and is the second choice
  // however far behind the lexical score put it. An entry of the other language does not stop an answer in
  // the question's own: it is often the same service written for the other language's readers.
  const runnerUp = top.foreign ? second : ranked.find((r, i) => i > 0 && !r.foreign);
  const rival = runnerUp !== undefined && runnerUp.p > RIVAL ? runnerUp.entry : undefined;
  const choices = rival ? [best, rival, ...close.slice(1).filter((r) => r !== rival)] : close;
  const offered = choices.slice(0, options.maxSuggestions ?? 3);
  // The choices are worth offering when the right entry is likely among them, not only first.
  const pOffered = ranked.filter((r) => offered.includes(r.entry)).reduce((sum, r) => sum + r.p, 0);
  if (tie && pOffered >= options.suggestThreshold)
    return { kind: 'suggest', options: offered, confidence: p, ranked };
  if (p >= options.answerThreshold && !rival)
    return { kind: 'answer', best, alternatives: close.slice(1), confidence: p, ranked };
  if (pOffered >= options.suggestThreshold)
    return { kind: 'suggest', options: offered, confidence: p, ranked };
  return { kind: 'none', best, confidence: p, ranked };
}

/** Two entries that account for the question equally, by their lexical figures (in either order). */
function tied(x: ScoredEntry, y: ScoredEntry): boolean {
  const [a, b] = x.score >= y.score ? [x, y] : [y, x];
  return (
    a.score - b.score <= TIE * a.score ||
    (b.coverage >= a.coverage - TIE && b.topic >= a.topic - TIE && a.coverage > 0.9)
  );
}
