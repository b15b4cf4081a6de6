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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (collection, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS streams (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  value TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (stream, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_heads (
  stream TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

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
  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash (only an OS crash may lose the last).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    if (file !== ':memory:') {
      // Checkpoints run in a worker thread instead of inside a commit on the event loop (see the class).
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new SqliteCheckpointer(path.resolve(file));
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
    };
  }

  async get<T>(collection: string, key: string): Promise<T | undefined> {
    return (await this.getVersioned<T>(collection, key))?.value;
  }

  async getVersioned<T>(collection: string, key: string): Promise<Versioned<T> | undefined> {
    const row = this.run(() => this.stmt.get.get(collection, key));
    return row ? { value: JSON.parse(row.value) as T, version: row.version } : undefined;
  }

  async put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number> {
    return this.run(() =>
      this.db.transaction(() => this.putSync(collection, key, value, options?.expectVersion))(),
    );
  }

  async delete(collection: string, key: string): Promise<boolean> {
    return this.run(() => this.stmt.delete.run(collection, key).changes > 0);
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
    return this.run(() =>
      this.db.transaction(() => {
        this.stmt.saveHead.run(stream);
        return this.stmt.deleteStream.run(stream).changes;
      })(),
    );
  }

  async increment(counter: string): Promise<number> {
    return this.run(() => this.stmt.increment.get(counter)?.value ?? 0);
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
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.run(() =>
        this.db.transaction(() => {
          for (const item of group) {
            try {
              // A nested better-sqlite3 transaction is a savepoint: on error only this write is undone.
              outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error: this.wrapError(error) });
            }
          }
        })(),
      );
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
