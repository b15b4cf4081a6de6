import type { Logger } from 'pino';
import type { Storage } from '../../storage/storage';
import type { KbEntry } from '../entry';
import { contentHash } from '../entry-file';
import { KbRepository } from '../kb-repository';
import type { KnowledgeSnapshot } from '../knowledge-snapshot';
import type { Embedder } from './embedder';
import { entryText } from './entry-text';
import { EmbeddingError, EmbeddingRateLimitError } from './errors';
import { type IndexedEntry, VectorIndex } from './vector-index';
import { type StoredVector, VectorStore } from './vector-store';

/** Options of {@link VectorSync}. */
export interface VectorSyncOptions {
  embedder: Embedder;
  storage: Storage;
  logger: Logger;
  /** Told how many entries were embedded (metrics). */
  onEmbedded?: (count: number) => void;
  /** First wait after a failure (default 1 s); doubled at each failure in a row, up to `retryMaxMs`. */
  retryBaseMs?: number;
  /** Longest wait between attempts (default 5 min). */
  retryMaxMs?: number;
}

/** How far the entry vectors are. */
export interface SyncStatus {
  /** Entries of the served snapshot with an up-to-date vector. */
  vectors: number;
  /** Entries still without one (ranked lexically meanwhile). */
  missing: number;
  /** The failure that stopped the last attempt, while the server keeps failing. */
  lastError?: Error | undefined;
}

/**
 * Keeps the entry vectors in step with the served knowledge base, in the background: at start-up it reads the
 * stored vectors; for each new snapshot it serves at once the vectors it has (entries whose content hash and
 * recipe match), then embeds the new and changed entries batch by batch and stores them, and deletes the
 * vectors of entries that are gone. Before embedding a batch it reads the stored vectors again, so an entry
 * another instance embedded meanwhile is taken from storage rather than embedded twice. When the server fails
 * it waits (1 s, doubling up to 5 min, or the server's Retry-After) and tries again; entries without a vector
 * are simply ranked lexically until then.
 */
export class VectorSync {
  /** The vectors of the latest snapshot (what queries are compared against). */
  index: VectorIndex | undefined;
  private readonly store: VectorStore;
  private readonly repository: KbRepository;
  private readonly memory = new Map<string, StoredVector>();
  private readonly hashes = new WeakMap<KbEntry, string>();
  private readonly abort = new AbortController();
  private loaded = false;
  private latest: KnowledgeSnapshot | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private delay = 0;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private failing = false;
  private missing = 0;
  private lastError: Error | undefined;

  constructor(private readonly options: VectorSyncOptions) {
    this.store = new VectorStore(options.storage, options.embedder.model);
    this.repository = new KbRepository(options.storage);
  }

  /**
   * Follows a new snapshot: serves the vectors already known for it at once (no network), and resolves when
   * its missing vectors are embedded, or when an attempt failed (a retry is then scheduled).
   */
  update(snapshot: KnowledgeSnapshot): Promise<void> {
    this.latest = snapshot;
    if (this.loaded) this.publish(snapshot);
    return this.kick();
  }

  /** Resolves when the work under way (if any) is over: vectors embedded, or the attempt failed. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Checks every vector again (after the model's vector length changed). */
  resync(): void {
    void this.kick();
  }

  /** How far the vectors are. */
  status(): SyncStatus {
    return {
      vectors: (this.index?.count('it') ?? 0) + (this.index?.count('en') ?? 0),
      missing: this.missing,
      lastError: this.lastError,
    };
  }

  /** Stops: aborts the request in flight and waits for the attempt to end. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.abort.abort();
    await this.running;
  }

  private kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    for (;;) {
      this.again = false;
      const snapshot = this.latest;
      if (!snapshot || this.closed) return;
      try {
        await this.pass(snapshot);
      } catch (err) {
        if (this.closed) return;
        this.failed(err);
        if (!this.again) return;
        continue; // a newer snapshot arrived meanwhile: serve its known vectors; the timer retries the rest
      }
      if (!this.again && this.latest === snapshot) return;
    }
  }

  private async pass(snapshot: KnowledgeSnapshot): Promise<void> {
    if (!this.loaded) {
      for (const v of await this.store.list()) this.memory.set(v.id, v);
      this.loaded = true;
    }
    const stale = this.publish(snapshot);
    await this.removeGone(snapshot);
    if (!stale.length) return this.recovered();
    if (Date.now() < this.retryAt) return; // waiting after a failure: the retry timer comes back
    const batch = this.options.embedder.batchSize;
    for (let i = 0; i < stale.length; i += batch) {
      if (this.latest !== snapshot || this.closed) return;
      await this.embed(stale.slice(i, i + batch));
      this.publish(snapshot);
    }
    this.recovered();
  }

  /**
   * Builds the index of a snapshot from the known vectors and serves it if the snapshot is the latest; returns
   * the entries that have no up-to-date vector.
   */
  private publish(snapshot: KnowledgeSnapshot): KbEntry[] {
    const rows: IndexedEntry[] = [];
    const stale: KbEntry[] = [];
    for (const entry of snapshot.entries) {
      const v = this.memory.get(entry.id);
      if (v && this.fresh(v, entry)) rows.push({ entry, vector: v.vector });
      else stale.push(entry);
    }
    // A pass still working for an older snapshot must not replace the newer one's index.
    if (snapshot === this.latest) {
      this.index = new VectorIndex(snapshot, rows);
      this.missing = stale.length;
    }
    return stale;
  }

  /** Embeds entries (after taking from storage those another instance embedded meanwhile) and stores them. */
  private async embed(entries: readonly KbEntry[]): Promise<void> {
    const todo: KbEntry[] = [];
    for (const entry of entries) {
      const stored = await this.store.get(entry.id);
      if (stored && this.fresh(stored, entry)) this.memory.set(entry.id, stored);
      else todo.push(entry);
    }
    if (!todo.length) return;
    const { embedder } = this.options;
    const vectors = await embedder.embedDocuments(todo.map(entryText), this.abort.signal);
    const made: StoredVector[] = todo.map((entry, i) => ({
      id: entry.id,
      lang: entry.lang,
      hash: this.hash(entry),
      recipe: embedder.recipe,
      vector: vectors[i] as Float32Array,
    }));
    await this.store.put(made);
    for (const v of made) this.memory.set(v.id, v);
    this.options.onEmbedded?.(made.length);
  }

  /** Deletes the vectors of entries no longer in the store (not merely missing from an older snapshot). */
  private async removeGone(snapshot: KnowledgeSnapshot): Promise<void> {
    const ids = new Set(snapshot.entries.map((e) => e.id));
    for (const id of [...this.memory.keys()]) {
      if (ids.has(id) || this.latest !== snapshot) continue;
      if ((await this.repository.get(id))?.doc.published) continue;
      await this.store.delete(id);
      this.memory.delete(id);
    }
  }

  private fresh(v: StoredVector, entry: KbEntry): boolean {
    const dims = this.options.embedder.dimensions;
    return (
      v.lang === entry.lang &&
      v.recipe === this.options.embedder.recipe &&
      (dims === undefined || v.vector.length === dims) &&
      v.hash === this.hash(entry)
    );
  }

  private hash(entry: KbEntry): string {
    let h = this.hashes.get(entry);
    if (h === undefined) {
      h = contentHash(entry);
      this.hashes.set(entry, h);
    }
    return h;
  }

  private failed(err: unknown): void {
    const { logger } = this.options;
    const max = this.options.retryMaxMs ?? 300_000;
    this.delay = this.delay ? Math.min(max, this.delay * 2) : (this.options.retryBaseMs ?? 1000);
    const asked = err instanceof EmbeddingRateLimitError ? (err.retryAfterMs ?? 0) : 0;
    const wait = Math.max(this.delay, asked);
    this.retryAt = Date.now() + wait;
    this.lastError = err instanceof Error ? err : new Error(String(err));
    const context = { err, retryInMs: wait, missing: this.missing };
    if (!this.failing) {
      this.failing = true;
      logger.warn(
        context,
        err instanceof EmbeddingError
          ? 'semantic retrieval: entries could not be embedded; they are ranked lexically until the server answers'
          : 'semantic retrieval: entry vectors could not be updated; retrying',
      );
    } else logger.debug(context, 'semantic retrieval: embedding entries failed again');
    clearTimeout(this.retryTimer);
    // The timer, not the clock, says the wait is over: a timer may fire a millisecond before Date.now() reaches
    // retryAt, and a pass that found itself early would wait for a kick that never comes.
    this.retryTimer = setTimeout(() => {
      this.retryAt = 0;
      void this.kick();
    }, wait);
    this.retryTimer.unref();
  }

  private recovered(): void {
    this.delay = 0;
    this.retryAt = 0;
    this.lastError = undefined;
    if (!this.failing) return;
    this.failing = false;
    this.options.logger.info(
      { vectors: this.status().vectors },
      'semantic retrieval: entry vectors up to date again',
    );
  }
}
