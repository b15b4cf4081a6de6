/**
 * The storage contract every backend (memory, SQLite, PostgreSQL) implements and the shared contract suite
 * in `tests/storage/storage.contract.ts` checks. Three primitives cover every room: versioned JSON
 * documents, append-only streams with monotonic sequence numbers, and atomic counters.
 */

/** A stored JSON document together with its version (1 after the first write, +1 on every write). */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** One entry of an append-only stream. `seq` starts at 1 and grows by 1 per append in that stream. */
export interface StreamEntry<T> {
  seq: number;
  value: T;
  /** When the entry was appended. */
  at: Date;
}

/** One write inside an atomic {@link Storage.batch}. */
export type BatchOp =
  | { op: 'put'; collection: string; key: string; value: unknown; expectVersion?: number | null }
  | { op: 'delete'; collection: string; key: string }
  | { op: 'append'; stream: string; value: unknown };

/** Options of {@link Storage.put}. */
export interface PutOptions {
  /**
   * Optimistic concurrency: the version the caller read. `null` means "must not exist yet".
   * On mismatch the write is refused with a {@link VersionConflictError}.
   */
  expectVersion?: number | null;
}

/** Options of {@link Storage.list}. */
export interface ListOptions {
  /** Only keys starting with this prefix. */
  prefix?: string;
  /** At most this many documents (default: all). */
  limit?: number;
}

/** Options of {@link Storage.read}. */
export interface ReadOptions {
  /** Only entries with `seq` greater than this (a watermark). */
  after?: number;
  /** At most this many entries (default: all). */
  limit?: number;
}

/** The persistence contract. All methods are safe to call concurrently. */
export interface Storage {
  /** Backend name for logs and readiness (`memory`, `sqlite`, `postgres`). */
  readonly kind: string;
  /** Reads a document, or `undefined` when absent. */
  get<T>(collection: string, key: string): Promise<T | undefined>;
  /** Reads a document with its version, or `undefined` when absent. */
  getVersioned<T>(collection: string, key: string): Promise<Versioned<T> | undefined>;
  /**
   * Reads a document unless its stored version is still `version`, the one the caller holds a copy of:
   * then resolves `'unchanged'` without reading or parsing the value. `undefined` when absent. Versions start
   * again at 1 when a deleted document is written anew, so a copy is only as good as the caller's knowledge
   * that nobody else deletes and re-creates it (see the engine's `keepStates`).
   */
  getIfChanged<T>(
    collection: string,
    key: string,
    version: number,
  ): Promise<Versioned<T> | 'unchanged' | undefined>;
  /** Writes a document (JSON-serialisable) and returns its new version. */
  put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number>;
  /** Deletes a document; resolves `true` when something was deleted. */
  delete(collection: string, key: string): Promise<boolean>;
  /** Lists documents of a collection in key order. */
  list<T>(collection: string, options?: ListOptions): Promise<Array<{ key: string; value: T }>>;
  /** Appends to a stream and returns the new entry's sequence number. */
  append(stream: string, value: unknown): Promise<number>;
  /** Reads a stream in sequence order. */
  read<T>(stream: string, options?: ReadOptions): Promise<StreamEntry<T>[]>;
  /**
   * The last sequence number the stream has handed out (0 when it never had an entry), even when those
   * entries were deleted since: the next append gets a higher one. Lets a reader tell a watermark from another
   * numbering (beyond the head) apart from one that is simply up to date.
   */
  lastSeq(stream: string): Promise<number>;
  /** Deletes a whole stream; resolves the number of entries removed. */
  deleteStream(stream: string): Promise<number>;
  /** Atomically increments a named counter and returns the new value (first call returns 1). */
  increment(counter: string): Promise<number>;
  /** Applies several writes atomically: all or none. Returns the appended sequence numbers in order. */
  batch(ops: BatchOp[]): Promise<number[]>;
  /** Resolves when the backend answers; rejects otherwise (used by `/readyz`). */
  ping(): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}
