import type { KbLang } from './entry';
import type { KnowledgeSnapshot, SearchResult } from './knowledge-snapshot';
import { type Decision, decide, type PolicyOptions } from './policy';

/** A ranking from another source than the words (e.g. semantic embeddings), best first. */
export interface ExtraRanking {
  /** Entry ids with their similarity, best first. */
  ranked: ReadonlyArray<{ id: string; similarity: number }>;
}

/** What a second opinion ranks against: the knowledge base being served and "today" for entry validity. */
export interface RankContext {
  snapshot: KnowledgeSnapshot;
  now: Date;
}

/**
 * An optional second opinion on a question (semantic retrieval): gives its own ranking within its time
 * budget, or undefined when it cannot (then the words alone decide), and may revise the decision.
 */
export interface SecondOpinion<R extends ExtraRanking = ExtraRanking> {
  rank(question: string, lang: KbLang, context: RankContext): Promise<R | undefined>;
  /** Combines the lexical search with its ranking into the final search and decision. */
  combine(
    search: SearchResult,
    ranking: R,
    context: RankContext & { policy: PolicyOptions },
  ): { search: SearchResult; decision: Decision };
}

/** The knowledge base's answer to one question: the decision and the search it came from. */
export interface KbAnswer {
  decision: Decision;
  search: SearchResult;
  /** True when the second opinion took part. */
  combined: boolean;
}

/** Options of {@link answerQuestion}. */
export interface AnswerOptions {
  snapshot: KnowledgeSnapshot;
  policy: PolicyOptions;
  secondOpinion?: SecondOpinion | undefined;
  /** Language assumed when the question does not tell. */
  fallback?: KbLang;
  now?: Date;
  limit?: number;
}

/**
 * Answers a question from the knowledge base: the one path the chat, `kb ask`, the evaluation and the
 * benchmarks share (the console's "try it" runs the same search and policy, words only). Lexical search and
 * the confidence policy decide; a configured second opinion (semantic retrieval) is asked too and, when it
 * answers in time, combined.
 */
export async function answerQuestion(question: string, options: AnswerOptions): Promise<KbAnswer> {
  const search = options.snapshot.search(question, {
    limit: options.limit ?? 5,
    ...(options.fallback ? { fallback: options.fallback } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  if (options.secondOpinion) {
    const context = { snapshot: options.snapshot, now: options.now ?? new Date() };
    const ranking = await options.secondOpinion.rank(question, search.lang, context);
    if (ranking) {
      const { search: combined, decision } = options.secondOpinion.combine(search, ranking, {
        ...context,
        policy: options.policy,
      });
      return { decision, search: combined, combined: true };
    }
  }
  return { decision: decide(search, options.policy), search, combined: false };
}
