import type { KbAnswer } from '../kb-answerer';
import type { KnowledgeSnapshot, SearchResult } from '../knowledge-snapshot';
import { type Decision, decide, type PolicyOptions } from '../policy';
import { type ScoredEntry, unscored } from '../search-index';
import { reciprocalRankFusion } from './fusion';
import type { SemanticRanking } from './vector-index';

/** The model-dependent thresholds of the semantic vote (KB_SEMANTIC_MIN_Z, KB_SEMANTIC_MIN_GAP). */
export interface SemanticRules {
  /** z-score the semantic best entry needs against the language's other entries. */
  minZ: number;
  /** Its lead over the semantic runner-up, in z units. */
  minGap: number;
}

/** Conservative defaults, to be measured per model with `npm run eval:kb -- … --embeddings`. */
export const DEFAULT_SEMANTIC_RULES: SemanticRules = { minZ: 3.5, minGap: 1 };

/** Entries a language needs before the vote counts: fewer give no stable mean and spread. */
export const MIN_VOTE_ENTRIES = 10;
/** Share of the doubt a confident agreeing vote removes, and of the confidence a strong disagreement. */
export const VOTE_WEIGHT = 2 / 3;
/** Semantic entries fused with the lexical ones. */
const FUSION_DEPTH = 10;
/** Lexical places a confident semantic best entry may be promoted from (the semantic top 3 for the reverse). */
const NEAR = 3;

/** A lexical entry, or an entry only the semantic ranking found, with its cosine similarity when known. */
export type FusedEntry = ScoredEntry & { similarity?: number };

/** What the semantic evidence says about a question. */
export interface SemanticVote {
  id: string;
  /** z-score of the best similarity. */
  z: number;
  /** Its lead over the runner-up, in z units. */
  gap: number;
  /** Clears both thresholds, over enough entries. */
  confident: boolean;
}

/** Which rule decided: see {@link combineRankings}. */
export type CombineRule = 'lexical' | 'agree' | 'promote' | 'offer' | 'disagree';

/** The vote of a semantic ranking, or undefined when it ranked nothing. */
export function semanticVote(ranking: SemanticRanking, rules: SemanticRules): SemanticVote | undefined {
  const [first, second] = ranking.ranked;
  if (!first) return undefined;
  const gap = second ? first.z - second.z : first.z;
  return {
    id: first.id,
    z: first.z,
    gap,
    confident: ranking.count >= MIN_VOTE_ENTRIES && first.z >= rules.minZ && gap >= rules.minGap,
  };
}

/**
 * Combines the lexical search with a semantic ranking. The lexical confidence `p` (the policy's) is the start;
 * the order of every list shown is reciprocal rank fusion of the two rankings, the decided entry first.
 * Only a confident semantic vote (see {@link semanticVote}) changes the decision:
 * - agree: its best entry is the lexical best → confidence `1 − (1 − p)·(1 − w)` (two thirds of the doubt go);
 * - promote: its best entry is 2nd or 3rd lexically and the words alone did not answer → that entry becomes
 *   the best, with two thirds of the doubt that the right entry is among the words' first three gone (so a "Forse
 *   cercavi…" or a refusal can become an answer);
 * - disagree: the words answered an entry the semantic ranking does not have in its top 3 → "Forse
 *   cercavi…" with both, confidence `p·(1 − w)`;
 * - offer: the words did not answer and do not have its best entry in their top 3 → it is offered among the
 *   choices, never answered on this evidence alone.
 * Otherwise the lexical decision stands (`lexical`).
 */
export function combineRankings(
  search: SearchResult,
  ranking: SemanticRanking,
  context: { snapshot: KnowledgeSnapshot; policy: PolicyOptions; now: Date },
  rules: SemanticRules = DEFAULT_SEMANTIC_RULES,
): KbAnswer & { rule: CombineRule; vote: SemanticVote | undefined } {
  const { policy } = context;
  const lexical = decide(search, policy);
  const p = lexical.confidence;
  // The words' best entries in the answer model's order, with the probabilities the decision read.
  const judged = lexical.ranked ?? [];
  const lexIds = judged.map((r) => r.entry.entry.id);
  const semIds = ranking.ranked.slice(0, FUSION_DEPTH).map((r) => r.id);
  const fused = reciprocalRankFusion([lexIds, semIds]).map((f) => f.id);
  const similarity = new Map(ranking.ranked.map((r) => [r.id, r.similarity]));
  const lexicalEntry = new Map(search.results.map((r) => [r.entry.id, r]));
  const entry = (id: string): FusedEntry | undefined => {
    const sim = similarity.has(id) ? { similarity: similarity.get(id) as number } : {};
    const lex = lexicalEntry.get(id);
    if (lex) return { ...lex, ...sim };
    const e = context.snapshot.get(id, context.now);
    return e ? { ...unscored(e), ...sim } : undefined;
  };

  const top = lexIds[0];
  let best = lexicalBest(lexical)?.entry.id;
  let confidence = p;
  let rule: CombineRule = 'lexical';
  let forced: Decision['kind'] | undefined;
  const offered = new Set(lexicalOffered(lexical));
  const vote = semanticVote(ranking, rules);
  if (vote?.confident) {
    const raised = 1 - (1 - p) * (1 - VOTE_WEIGHT);
    if (vote.id === top) {
      rule = 'agree';
      confidence = raised;
    } else if (lexical.kind !== 'answer' && lexIds.slice(0, NEAR).includes(vote.id)) {
      rule = 'promote';
      best = vote.id;
      // The words say how likely the right entry is among their first few; the vote says which one.
      const pNear = judged.slice(0, NEAR).reduce((sum, r) => sum + r.p, 0);
      confidence = 1 - (1 - Math.max(p, pNear)) * (1 - VOTE_WEIGHT);
    } else if (lexical.kind === 'answer' && top !== undefined && !semIds.slice(0, NEAR).includes(top)) {
      rule = 'disagree';
      confidence = p * (1 - VOTE_WEIGHT);
      forced = 'suggest';
    } else if (lexical.kind !== 'answer') {
      rule = 'offer';
      forced = 'suggest';
      // Below the suggest threshold the words' own best was not worth offering: the vote's entry leads.
      if (lexical.kind === 'none') best = vote.id;
    }
    if (rule !== 'lexical') offered.add(vote.id);
  }

  const kind =
    forced ??
    (confidence >= policy.answerThreshold
      ? 'answer'
      : confidence >= policy.suggestThreshold
        ? 'suggest'
        : 'none');
  if (kind !== 'none' && best !== undefined) offered.add(best);
  const order = (ids: Iterable<string>) => {
    const set = new Set(ids);
    return fused.filter((id) => set.has(id)).concat([...set].filter((id) => !fused.includes(id)));
  };
  const entries = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const e = entry(id);
      return e ? [e] : [];
    });

  // The answered entry leads the list; otherwise the list is the fused ranking as it is.
  const ranked =
    kind === 'answer' && best !== undefined ? [best, ...fused.filter((id) => id !== best)] : fused;
  const results = entries(ranked).slice(0, Math.max(5, search.results.length));
  const fusedSearch: SearchResult = { ...search, results };
  const bestEntry = best === undefined ? undefined : entry(best);
  let decision: Decision;
  if (kind === 'answer' && bestEntry) {
    const alternatives = entries(order(offered).filter((id) => id !== best));
    decision = { kind: 'answer', best: bestEntry, alternatives, confidence };
  } else if (kind !== 'none' && offered.size) {
    const options = entries(order(offered)).slice(0, policy.maxSuggestions ?? 3);
    decision = { kind: 'suggest', options, confidence };
  } else {
    const fallback = bestEntry ?? results[0];
    decision = fallback ? { kind: 'none', best: fallback, confidence } : { kind: 'none', confidence };
  }
  return { search: fusedSearch, decision, combined: true, rule, vote };
}

function lexicalBest(d: Decision): ScoredEntry | undefined {
  return d.kind === 'answer' ? d.best : d.kind === 'suggest' ? d.options[0] : d.best;
}

function lexicalOffered(d: Decision): string[] {
  if (d.kind === 'answer') return [d.best, ...d.alternatives].map((e) => e.entry.id);
  if (d.kind === 'suggest') return d.options.map((e) => e.entry.id);
  return [];
}
