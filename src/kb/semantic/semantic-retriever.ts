import type { Logger } from 'pino';
import { redactPii } from '../../privacy/redact';
import { BoundedMap } from '../../shared/bounded-map';
import type { Storage } from '../../storage/storage';
import type { KbLang } from '../entry';
import type { RankContext, SecondOpinion } from '../kb-answerer';
import type { KnowledgeSnapshot, SearchResult } from '../knowledge-snapshot';
import type { PolicyOptions } from '../policy';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import type { Embedder } from './embedder';
import { EmbeddingError, EmbeddingRateLimitError, type FallbackReason } from './errors';
import { combineRankings, DEFAULT_SEMANTIC_RULES, type SemanticRules } from './semantic-decision';
import type { SemanticRanking } from './vector-index';
import { type SyncStatus, VectorSync } from './vector-sync';

/** What semantic retrieval reports, for metrics. */
export interface SemanticObserver {
  /** A question was ranked; `seconds` is the embedding server's round trip (undefined: vector cached). */
  ranked(seconds: number | undefined): void;
  /** A question was answered from the words alone. */
  fallback(reason: FallbackReason): void;
  /** Entries were embedded in the background. */
  embedded(count: number): void;
}

/** Options of {@link SemanticRetriever}. */
export interface SemanticRetrieverOptions {
  embedder: Embedder;
  storage: Storage;
  logger: Logger;
  rules?: SemanticRules;
  observer?: SemanticObserver;
  /** Recent question vectors kept (default 500; 0 = none). */
  cacheSize?: number;
  breaker?: Omit<CircuitBreakerOptions, 'onOpen' | 'onClose'>;
  /** First wait after the background embedding failed (default 1 s). */
  retryBaseMs?: number;
}

/** Semantic entries ranked per question. */
const DEPTH = 10;

/**
 * Semantic retrieval, the knowledge base's optional second opinion: compares the question's embedding with the
 * stored entry vectors of its language and fuses that ranking with the lexical one ({@link combineRankings}).
 * The citizen never waits on it past the query budget: a question whose embedding is late (the request is
 * aborted), refused or malformed is answered from the words alone, and after repeated failures the server is
 * skipped for a while ({@link CircuitBreaker}, logged once per outage).
 */
export class SemanticRetriever implements SecondOpinion<SemanticRanking> {
  /** The entry vectors, kept in step with the knowledge base in the background. */
  readonly vectors: VectorSync;
  private readonly breaker: CircuitBreaker;
  private readonly cache: BoundedMap<string, Float32Array> | undefined;
  private readonly rules: SemanticRules;

  constructor(private readonly options: SemanticRetrieverOptions) {
    const { logger, embedder } = options;
    this.rules = options.rules ?? DEFAULT_SEMANTIC_RULES;
    const cacheSize = options.cacheSize ?? 500;
    this.cache = cacheSize > 0 ? new BoundedMap(cacheSize) : undefined;
    this.vectors = new VectorSync({
      embedder,
      storage: options.storage,
      logger,
      ...(options.observer ? { onEmbedded: (n: number) => options.observer?.embedded(n) } : {}),
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    });
    this.breaker = new CircuitBreaker({
      ...options.breaker,
      onOpen: () =>
        logger.warn(
          { url: embedder.provider.url, model: embedder.model },
          'semantic retrieval: embedding server failing; answering from the words alone until it recovers',
        ),
      onClose: () =>
        logger.info({ url: embedder.provider.url }, 'semantic retrieval: embedding server answers again'),
    });
  }

  /** The embedder questions and entries go through. */
  get embedder(): Embedder {
    return this.options.embedder;
  }

  /** Follows a new knowledge snapshot (see {@link VectorSync.update}). */
  sync(snapshot: KnowledgeSnapshot): Promise<void> {
    return this.vectors.update(snapshot);
  }

  /** Resolves when the background work under way is over (tests, the evaluation). */
  idle(): Promise<void> {
    return this.vectors.idle();
  }

  /** How far the entry vectors are. */
  status(): SyncStatus {
    return this.vectors.status();
  }

  /** The semantic ranking of a question in `lang`, or undefined (with the reason counted) when there is none. */
  async rank(question: string, lang: KbLang, context: RankContext): Promise<SemanticRanking | undefined> {
    const index = this.vectors.index;
    if (!index || index.snapshot !== context.snapshot || index.count(lang) === 0)
      return this.fallback('not-ready');
    // Personal data never leaves the process: the same redaction as the chat model's prompts.
    const text = redactPii(question)
      .replace(/\[[A-Z_]+\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) return undefined;
    let vector = this.cache?.get(text);
    if (!vector) {
      if (!this.breaker.allows()) return this.fallback('circuit-open');
      const started = performance.now();
      try {
        vector = await this.options.embedder.embedQuery(text);
      } catch (err) {
        const e = err instanceof EmbeddingError ? err : undefined;
        this.breaker.failure(e instanceof EmbeddingRateLimitError ? e.retryAfterMs : undefined);
        this.options.logger.debug({ err }, 'semantic retrieval: question not embedded');
        return this.fallback(e?.reason ?? 'unavailable');
      }
      this.breaker.success();
      this.options.observer?.ranked((performance.now() - started) / 1000);
      this.cache?.set(text, vector);
    } else this.options.observer?.ranked(undefined);
    if (vector.length !== index.dims) {
      // The model's vectors changed length (another model under the same name): recompute the entries'.
      this.vectors.resync();
      return this.fallback('invalid-response');
    }
    return index.rank(vector, lang, context.now.toISOString().slice(0, 10), DEPTH);
  }

  /** Fuses the lexical search with the semantic ranking and decides (see {@link combineRankings}). */
  combine(
    search: SearchResult,
    ranking: SemanticRanking,
    context: RankContext & { policy: PolicyOptions },
  ): ReturnType<typeof combineRankings> {
    return combineRankings(search, ranking, context, this.rules);
  }

  /** Stops the background work. */
  close(): Promise<void> {
    return this.vectors.close();
  }

  private fallback(reason: FallbackReason): undefined {
    this.options.observer?.fallback(reason);
    return undefined;
  }
}
