import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError, VersionConflictError } from './errors';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import type {
  BatchOp,
  ListOptions,
  PutOptions,
  ReadOptions,
  Storage,
  StreamEntry,
  Versioned,
} from './storage';

/**
 * Schema version 2. Stream entries and documents live in ordinary rowid tables with a unique index on their
 * key: new stream entries of every conversation land on the table's last page, and the indexes stay small,
 * so a commit writes a few pages to the write-ahead log instead of one large-row B-tree page per stream
 * (version 1 kept whole rows in WITHOUT ROWID trees: about three times the log volume per message).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  collection TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_key ON documents (collection, key);
CREATE TABLE IF NOT EXISTS streams (
  id INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  value TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS streams_seq ON streams (stream, seq);
CREATE TABLE IF NOT EXISTS stream_heads (
  stream TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

const SCHEMA_VERSION = 2;

/** Moves a version 1 database (documents and streams as WITHOUT ROWID tables) to version 2, in place. */
const MIGRATE_FROM_V1 = `
ALTER TABLE documents RENAME TO documents_v1;
ALTER TABLE streams RENAME TO streams_v1;
${SCHEMA}
INSERT INTO documents (collection, key, value, version, updated_at)
  SELECT collection, key, value, version, updated_at FROM documents_v1 ORDER BY collection, key;
INSERT INTO streams (stream, seq, value, at) SELECT stream, seq, value, at FROM streams_v1 ORDER BY stream, seq;
DROP TABLE documents_v1;
DROP TABLE streams_v1;
`;

/** Write-ahead log size kept on disk after the checkpointer restarts the log (64 MiB). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** Options of {@link SqliteStorage}: the background checkpointer's pace (defaults suit production). */
export interface SqliteOptions {
  /** How often the worker thread checkpoints the write-ahead log, in ms (default 1000). */
  checkpointIntervalMs?: number;
  /** Log size, in pages, from which the checkpointer restarts the log once caught up (default 16,384: 64 MiB, each restart briefly holds writes). */
  walRestartPages?: number;
}

/** One write waiting for the next group commit. */
interface PendingWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The default embedded {@link Storage}: one SQLite file in WAL mode (zero set-up). better-sqlite3 is
 * synchronous, so every method runs to completion without interleaving.
 *
 * Writes use group commit: the writes requested during one event-loop turn are committed together in one
 * transaction, each inside its own savepoint, so each stays atomic on its own (a refused batch rolls back
 * alone) while many concurrent conversations share one commit. A write resolves only after its commit.
 */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly stmt;
  private pending: PendingWrite[] = [];
  private readonly checkpointer: SqliteCheckpointer | undefined;
  private flushScheduled = false;

  /** Opens (creating if needed) the database file; `:memory:` works too. */
  constructor(file: string, options: SqliteOptions = {}) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash (only an OS crash may lose the last).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    this.migrate();
    if (file !== ':memory:') {
      // Checkpoints run in a worker thread instead of inside a commit on the event loop (see the class).
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new SqliteCheckpointer(
        path.resolve(file),
        options.checkpointIntervalMs,
        undefined,
        options.walRestartPages,
      );
    }
    this.stmt = {
      get: this.db.prepare<[string, string], { value: string; version: number }>(
        'SELECT value, version FROM documents WHERE collection = ? AND key = ?',
      ),
      version: this.db.prepare<[string, string], { version: number }>(
        'SELECT version FROM documents WHERE collection = ? AND key = ?',
      ),
      upsert: this.db.prepare<[string, string, string, number]>(
        `INSERT INTO documents (collection, key, value, version, updated_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = version + 1,
         updated_at = excluded.updated_at`,
      ),
      delete: this.db.prepare<[string, string]>('DELETE FROM documents WHERE collection = ? AND key = ?'),
      list: this.db.prepare<[string, string, string, number], { key: string; value: string }>(
        `SELECT key, value FROM documents WHERE collection = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?`,
      ),
      // A deleted stream's last number lives on in stream_heads, so a re-used name never repeats a number.
      lastSeq: this.db.prepare<[string, string], { seq: number | null }>(
        `SELECT COALESCE((SELECT seq FROM streams WHERE stream = ? ORDER BY seq DESC LIMIT 1),
         (SELECT last_seq FROM stream_heads WHERE stream = ?)) AS seq`,
      ),
      saveHead: this.db.prepare<[string]>(
        `INSERT INTO stream_heads (stream, last_seq) SELECT stream, MAX(seq) FROM streams WHERE stream = ?
         GROUP BY stream ON CONFLICT (stream) DO UPDATE SET last_seq = excluded.last_seq`,
      ),
      append: this.db.prepare<[string, number, string, number]>(
        'INSERT INTO streams (stream, seq, value, at) VALUES (?, ?, ?, ?)',
      ),
      read: this.db.prepare<[string, number, number], { seq: number; value: string; at: number }>(
        'SELECT seq, value, at FROM streams WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      deleteStream: this.db.prepare<[string]>('DELETE FROM streams WHERE stream = ?'),
      increment: this.db.prepare<[string], { value: number }>(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      ),
      ping: this.db.prepare('SELECT 1'),
      // Group commit's own transaction statements: cheaper than wrapping every write in db.transaction().
      // IMMEDIATE: take the write lock up front (waiting out a checkpointer restart) instead of upgrading later.
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT write'),
      release: this.db.prepare('RELEASE write'),
      rollbackTo: this.db.prepare('ROLLBACK TO write'),
    };
  }

  /** Creates the schema, or brings an older database file up to {@link SCHEMA_VERSION} in one transaction. */
  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version >= SCHEMA_VERSION) return;
    const hasV1 =
      this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'streams'").get() !==
      undefined;
    this.db.transaction(() => {
      this.db.exec(hasV1 ? MIGRATE_FROM_V1 : SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  async get<T>(collection: string, key: string): Promise<T | undefined> {
    return (await this.getVersioned<T>(collection, key))?.value;
  }

  async getVersioned<T>(collection: string, key: string): Promise<Versioned<T> | undefined> {
    const row = this.run(() => this.stmt.get.get(collection, key));
    return row ? { value: JSON.parse(row.value) as T, version: row.version } : undefined;
  }

  async put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number> {
    return this.write(() => this.putSync(collection, key, value, options?.expectVersion));
  }

  async delete(collection: string, key: string): Promise<boolean> {
    return this.write(() => this.stmt.delete.run(collection, key).changes > 0);
  }

  async list<T>(collection: string, options: ListOptions = {}): Promise<Array<{ key: string; value: T }>> {
    const prefix = options.prefix ?? '';
    // Every key starting with `prefix` sorts between prefix and prefix + U+FFFF.
    const rows = this.run(() =>
      this.stmt.list.all(collection, prefix, `${prefix}\uffff`, options.limit ?? Number.MAX_SAFE_INTEGER),
    );
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  async append(stream: string, value: unknown): Promise<number> {
    return this.write(() => this.appendSync(stream, value));
  }

  async read<T>(stream: string, options: ReadOptions = {}): Promise<StreamEntry<T>[]> {
    const rows = this.run(() =>
      this.stmt.read.all(stream, options.after ?? 0, options.limit ?? Number.MAX_SAFE_INTEGER),
    );
    return rows.map((r) => ({ seq: r.seq, value: JSON.parse(r.value) as T, at: new Date(r.at) }));
  }

  async deleteStream(stream: string): Promise<number> {
    return this.write(() => {
      this.stmt.saveHead.run(stream);
      return this.stmt.deleteStream.run(stream).changes;
    });
  }

  async increment(counter: string): Promise<number> {
    return this.write(() => this.stmt.increment.get(counter)?.value ?? 0);
  }

  async batch(ops: BatchOp[]): Promise<number[]> {
    return this.write(() => {
      const seqs: number[] = [];
      for (const op of ops) {
        if (op.op === 'put') this.putSync(op.collection, op.key, op.value, op.expectVersion);
        else if (op.op === 'delete') this.stmt.delete.run(op.collection, op.key);
        else seqs.push(this.appendSync(op.stream, op.value));
      }
      return seqs;
    });
  }

  async ping(): Promise<void> {
    this.run(() => this.stmt.ping.get());
  }

  async close(): Promise<void> {
    this.flush();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  /** Queues a write for the next group commit and resolves with its result once committed. */
  private write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: lets the I/O of other requests queue their writes into this commit.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued write in one transaction, each in its own savepoint. */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const { begin, commit, rollback, savepoint, release, rollbackTo } = this.stmt;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.run(() => {
        begin.run();
        try {
          for (const item of group) {
            // A savepoint per write: on error only this write is undone, the others still commit.
            savepoint.run();
            try {
              outcomes.push({ ok: true, value: item.work() });
              release.run();
            } catch (error) {
              rollbackTo.run();
              release.run();
              outcomes.push({ ok: false, error: this.wrapError(error) });
            }
          }
          commit.run();
        } catch (err) {
          if (this.db.inTransaction) rollback.run();
          throw err;
        }
      });
    } catch (err) {
      // The commit itself failed (disk full, database closed…): nothing of this group was written.
      for (const item of group) item.reject(err);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }

  private putSync(
    collection: string,
    key: string,
    value: unknown,
    expected: number | null | undefined,
  ): number {
    if (expected !== undefined) {
      const actual = this.stmt.version.get(collection, key)?.version ?? null;
      if (actual !== expected) throw new VersionConflictError(collection, key, expected, actual);
    }
    this.stmt.upsert.run(collection, key, JSON.stringify(value), Date.now());
    return this.stmt.version.get(collection, key)?.version ?? 1;
  }

  private appendSync(stream: string, value: unknown): number {
    const seq = (this.stmt.lastSeq.get(stream, stream)?.seq ?? 0) + 1;
    this.stmt.append.run(stream, seq, JSON.stringify(value), Date.now());
    return seq;
  }

  /** Runs a database call, turning driver failures (disk full, locked, closed) into StorageUnavailableError. */
  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw this.wrapError(err);
    }
  }

  private wrapError(err: unknown): unknown {
    if (err instanceof VersionConflictError || err instanceof TypeError) return err;
    return new StorageUnavailableError(`SQLite: ${(err as Error).message}`, err);
  }
}
