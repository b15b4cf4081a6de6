import pino from 'pino';
import { loadConfig } from '../../config';
import { MemoryStorage } from '../../storage/memory-storage';
import { answerQuestion, type SecondOpinion } from '../kb-answerer';
import type { KnowledgeSnapshot } from '../knowledge-snapshot';
import type { PolicyOptions } from '../policy';
import { createSemanticRetrieval } from '../semantic/create-semantic';
import type { FallbackReason } from '../semantic/errors';
import type { CombineRule } from '../semantic/semantic-decision';
import type { SemanticRanking } from '../semantic/vector-index';
import { outcome } from './outcome';
import type { LabelledQuestion } from './question-set';
import type { Outcome } from './tally';

/** The wait allowed per question while measuring quality: the budget's effect is reported apart. */
const MEASURE_TIMEOUT_MS = 60_000;

/** Semantic retrieval under evaluation, with what it measured along the way. */
export interface SemanticRun {
  /** Answers a message with semantic retrieval on. */
  answer(q: LabelledQuestion, policy: PolicyOptions): Promise<Outcome>;
  /** Provider, model and server, for the report's heading. */
  describe(): string;
  close(): Promise<void>;
  /** The configured query budget (KB_EMBEDDINGS_TIMEOUT_MS). */
  budgetMs: number;
  /** The embedding server's round trip per question (ms). */
  roundTripMs: number[];
  /** Sportello's own time on the semantic path per question: ranking, fusion and decision (ms). */
  ownMs: number[];
  /** The semantic ranking alone per message line, best first. */
  semanticRanked: Map<number, string[]>;
  rules: Map<CombineRule, number>;
  fallbacks: Map<FallbackReason, number>;
  /** Entries embedded before the questions, and how long it took. */
  embedded: { entries: number; seconds: number };
}

/**
 * Starts the configured semantic retrieval (KB_EMBEDDINGS…) on a knowledge snapshot, with vectors kept in
 * memory, and embeds its entries; fails with the server's error when they cannot all be embedded. Questions
 * are then given up to a minute each, so the quality figures do not depend on the machine's load; how many
 * would have missed the configured budget is counted apart.
 */
export async function startSemantic(
  snapshot: KnowledgeSnapshot,
  progress: (message: string) => void,
): Promise<SemanticRun> {
  const config = loadConfig(process.env);
  if (config.KB_EMBEDDINGS === 'none')
    throw new Error(
      '--embeddings needs KB_EMBEDDINGS=ollama or openai and its server (docs/semantic-retrieval.md)',
    );
  let roundTrip: number | undefined;
  const run: SemanticRun = {
    budgetMs: config.KB_EMBEDDINGS_TIMEOUT_MS,
    roundTripMs: [],
    ownMs: [],
    semanticRanked: new Map(),
    rules: new Map(),
    fallbacks: new Map(),
    embedded: { entries: 0, seconds: 0 },
    answer: async () => {
      throw new Error('not started');
    },
    describe: () => '',
    close: async () => undefined,
  };
  const retriever = createSemanticRetrieval(config, {
    storage: new MemoryStorage(),
    logger: pino({ level: 'warn' }, pino.destination(2)),
    queryTimeoutMs: MEASURE_TIMEOUT_MS,
    cacheSize: 0,
    observer: {
      ranked: (seconds) => {
        roundTrip = seconds === undefined ? undefined : seconds * 1000;
      },
      fallback: (reason) => run.fallbacks.set(reason, (run.fallbacks.get(reason) ?? 0) + 1),
      embedded: (n) => {
        run.embedded.entries += n;
      },
    },
  });
  if (!retriever) throw new Error('semantic retrieval is off');
  const { provider } = retriever.embedder;
  progress(
    `embedding ${snapshot.entries.length} entries with ${provider.kind} ${provider.model} at ${provider.url}…`,
  );
  const started = performance.now();
  await retriever.sync(snapshot);
  run.embedded.seconds = (performance.now() - started) / 1000;
  const status = retriever.status();
  if (status.missing > 0) {
    await retriever.close();
    throw new Error(
      `${status.missing} entries could not be embedded: ${status.lastError?.message ?? 'unknown error'}`,
    );
  }

  let last: { ranking?: SemanticRanking; rule?: CombineRule } = {};
  const recorder: SecondOpinion<SemanticRanking> = {
    rank: async (question, lang, context) => {
      const ranking = await retriever.rank(question, lang, context);
      last = ranking ? { ranking } : {};
      return ranking;
    },
    combine: (search, ranking, context) => {
      const out = retriever.combine(search, ranking, context);
      last.rule = out.rule;
      return out;
    },
  };
  run.describe = () => `${provider.kind} ${provider.model} at ${provider.url}`;
  run.close = () => retriever.close();
  run.answer = async (q, policy) => {
    roundTrip = undefined;
    last = {};
    const t = performance.now();
    const { decision, search } = await answerQuestion(q.text, { snapshot, policy, secondOpinion: recorder });
    const total = performance.now() - t;
    if (roundTrip !== undefined) {
      run.roundTripMs.push(roundTrip);
      run.ownMs.push(Math.max(0, total - roundTrip));
    }
    if (last.ranking)
      run.semanticRanked.set(
        q.line,
        last.ranking.ranked.map((r) => r.id),
      );
    if (last.rule) run.rules.set(last.rule, (run.rules.get(last.rule) ?? 0) + 1);
    return outcome(decision, search.results);
  };
  return run;
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

function percentile(sorted: readonly number[], p: number): string {
  if (!sorted.length) return 'n/a';
  return `${(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number).toFixed(1)} ms`;
}

/** The semantic figures: the ranking alone, the rules that decided, fallbacks, and the latencies apart. */
export function semanticReport(run: SemanticRun, rows: ReadonlyArray<{ q: LabelledQuestion }>): string {
  let inScope = 0;
  let first = 0;
  let top3 = 0;
  for (const { q } of rows) {
    if (!q.expected.length) continue;
    inScope++;
    const rank = (run.semanticRanked.get(q.line) ?? []).findIndex((id) => q.expected.includes(id));
    if (rank === 0) first++;
    if (rank >= 0 && rank < 3) top3++;
  }
  const trips = [...run.roundTripMs].sort((a, b) => a - b);
  const own = [...run.ownMs].sort((a, b) => a - b);
  const late = trips.filter((ms) => ms > run.budgetMs).length;
  const list = (m: Map<string, number>) => (m.size ? [...m].map(([k, n]) => `${k} ${n}`).join(', ') : 'none');
  return [
    `Semantic ranking alone: right entry first ${pct(first, inScope)}, in the first three ${pct(top3, inScope)} (${inScope} in scope)`,
    `Rules that decided: ${list(run.rules)}; answered from the words alone: ${list(run.fallbacks)}`,
    `Entries embedded: ${run.embedded.entries} in ${run.embedded.seconds.toFixed(1)} s`,
    `Embedding server, round trip per question: p50 ${percentile(trips, 0.5)}, p90 ${percentile(trips, 0.9)}, p99 ${percentile(trips, 0.99)}; over the ${run.budgetMs} ms budget (KB_EMBEDDINGS_TIMEOUT_MS): ${late} of ${trips.length} (citizens would get the words-alone answer for those)`,
    `Sportello's own time on the semantic path (ranking, fusion, decision): p50 ${percentile(own, 0.5)}, p99 ${percentile(own, 0.99)}`,
  ].join('\n');
}
