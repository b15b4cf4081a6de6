import Database from 'better-sqlite3';

/**
 * One write operation, as plain data (values already JSON text), so a group of them can be handed to the
 * writer thread. A caller's write is a list of these, applied atomically.
 */
export type WriteOp =
  | { op: 'put'; collection: string; key: string; json: string; expectVersion?: number | null }
  | { op: 'delete'; collection: string; key: string }
  | { op: 'append'; stream: string; json: string }
  | { op: 'deleteStream'; stream: string }
  | { op: 'increment'; counter: string };

/** Why a write was refused, as data that crosses the thread boundary. */
export type WriteFailure =
  | { kind: 'conflict'; collection: string; key: string; expected: number | null; actual: number | null }
  | { kind: 'invalid'; message: string }
  | { kind: 'failed'; message: string };

/**
 * What one write did: a number per operation (put: the new version; delete: 1 when something was deleted;
 * append: the entry's sequence number; deleteStream: entries removed; increment: the counter's new value),
 * or why the whole write was refused (then none of it was kept).
 */
export type WriteOutcome = { ok: true; results: number[] } | { ok: false; failure: WriteFailure };

/**
 * A stream's last sequence number: its last entry, else the head its deletion left behind (`NULL` when it never
 * had one). Parameters: the stream name, twice. The writer numbers appends from it; readers ask it for the head.
 */
export const LAST_SEQ_SQL = `SELECT COALESCE((SELECT seq FROM streams WHERE stream = ? ORDER BY seq DESC LIMIT 1),
  (SELECT last_seq FROM stream_heads WHERE stream = ?)) AS seq`;

/**
 * The settings every connection that writes to the file shares (the main one and the writer thread's). In WAL
 * mode, `synchronous = NORMAL` keeps a committed transaction through a process crash (only an OS crash may lose
 * the last one).
 */
export function configureConnection(db: Database.Database, walSizeLimit: number): void {
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma(`journal_size_limit = ${walSizeLimit}`);
}

/**
 * Opens the writer thread's own connection to `file`: the shared settings, and no automatic checkpoint in a
 * commit (the checkpointer thread checkpoints, and the writer copies the log's last frames when it asks).
 */
export function openWriterConnection(file: string, walSizeLimit: number): Database.Database {
  const db = new Database(file);
  configureConnection(db, walSizeLimit);
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

/**
 * The flag the checkpointer thread and the writer thread share (one Int32 over a SharedArrayBuffer). The
 * checkpointer raises it when a passive checkpoint has caught up with a log longer than its restart size; the
 * writer thread, between two groups, copies the few frames written since ({@link SqliteWriter.catchUp}) and
 * lowers it. With the log fully copied, SQLite's next commit writes from the log's beginning again: no
 * connection ever holds the write lock to restart it.
 */
export function newRestartFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** A write refused on its own (its operations undone, the rest of the group unaffected). */
class RefusedWrite extends Error {
  constructor(readonly failure: WriteFailure) {
    super(failure.kind === 'conflict' ? 'version conflict' : failure.message);
  }
}

/**
 * Applies groups of writes to an SQLite connection: one transaction (one commit, one log flush) per group,
 * each write atomic on its own. Writes run one after another without savepoints; if one is refused, the
 * transaction is rolled back and the group runs again with a savepoint per write, so only that write is
 * undone. Used on the writer thread (file databases) and inline (`:memory:`).
 */
export class SqliteWriter {
  private readonly stmt;
  /** Last sequence numbers written in the running transaction (the write lock is held meanwhile). */
  private readonly lastSeqs = new Map<string, number>();
  private dataVersion: number;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      version: db.prepare<[string, string], { version: number }>(
        'SELECT version FROM documents WHERE collection = ? AND key = ?',
      ),
      // One statement per put, telling the new version: unconditional, create-only, or update-if-version.
      upsert: db.prepare<[string, string, string, number], { version: number }>(
        `INSERT INTO documents (collection, key, value, version, updated_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = version + 1,
         updated_at = excluded.updated_at RETURNING version`,
      ),
      create: db.prepare<[string, string, string, number], { version: number }>(
        `INSERT INTO documents (collection, key, value, version, updated_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (collection, key) DO NOTHING RETURNING version`,
      ),
      update: db.prepare<[string, number, string, string, number], { version: number }>(
        `UPDATE documents SET value = ?, version = version + 1, updated_at = ?
         WHERE collection = ? AND key = ? AND version = ? RETURNING version`,
      ),
      delete: db.prepare<[string, string]>('DELETE FROM documents WHERE collection = ? AND key = ?'),
      // A deleted stream's last number lives on in stream_heads, so a re-used name never repeats a number.
      lastSeq: db.prepare<[string, string], { seq: number | null }>(LAST_SEQ_SQL),
      saveHead: db.prepare<[string]>(
        `INSERT INTO stream_heads (stream, last_seq) SELECT stream, MAX(seq) FROM streams WHERE stream = ?
         GROUP BY stream ON CONFLICT (stream) DO UPDATE SET last_seq = excluded.last_seq`,
      ),
      append: db.prepare<[string, number, string, number]>(
        'INSERT INTO streams (stream, seq, value, at) VALUES (?, ?, ?, ?)',
      ),
      deleteStream: db.prepare<[string]>('DELETE FROM streams WHERE stream = ?'),
      increment: db.prepare<[string], { value: number }>(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      ),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      checkpoint: db.prepare<[], { busy: number; log: number; checkpointed: number }>(
        'PRAGMA wal_checkpoint(PASSIVE)',
      ),
      // IMMEDIATE: take the write lock up front (waiting out another process's write) instead of upgrading later.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT write'),
      release: db.prepare('RELEASE write'),
      rollbackTo: db.prepare('ROLLBACK TO write'),
    };
    this.dataVersion = this.stmt.dataVersion.get() as number;
  }

  /**
   * Applies a group of writes and commits them together; resolves each write's outcome, in order. Throws
   * when the transaction itself fails (disk full, database closed…): then nothing of the group was kept.
   */
  commit(group: readonly WriteOp[][]): WriteOutcome[] {
    return this.attempt(group, false) ?? (this.attempt(group, true) as WriteOutcome[]);
  }

  /**
   * Whether another connection (another process on the same file) committed since the last call; the
   * checkpointer's work does not count.
   */
  changedElsewhere(): boolean {
    const version = this.stmt.dataVersion.get() as number;
    const changed = version !== this.dataVersion;
    this.dataVersion = version;
    return changed;
  }

  /**
   * Copies into the database file the log frames that are not there yet (a passive checkpoint, which never
   * waits for a lock), run between groups, when this connection is the only one writing: once the log is fully
   * copied, the next commit starts it from its beginning. Tells whether it was (not when the checkpointer
   * thread was at work, or a reader still needed the log).
   */
  catchUp(): boolean {
    const result = this.stmt.checkpoint.get();
    return result !== undefined && result.busy === 0 && result.checkpointed === result.log;
  }

  /**
   * One try at a group. Without `isolated`, a refused write rolls the transaction back and `undefined` is
   * returned (unless it was the group's only write, which is then simply refused); with it, each write runs
   * in its own savepoint.
   */
  private attempt(group: readonly WriteOp[][], isolated: boolean): WriteOutcome[] | undefined {
    const { begin, commit, rollback, savepoint, release, rollbackTo } = this.stmt;
    const outcomes: WriteOutcome[] = [];
    begin.run();
    try {
      for (const write of group) {
        if (isolated) savepoint.run();
        try {
          outcomes.push({ ok: true, results: write.map((op) => this.apply(op)) });
          if (isolated) release.run();
        } catch (err) {
          this.lastSeqs.clear();
          const failure = err instanceof RefusedWrite ? err.failure : refusal(err);
          if (!isolated) {
            rollback.run();
            return group.length === 1 ? [{ ok: false, failure }] : undefined;
          }
          rollbackTo.run();
          release.run();
          outcomes.push({ ok: false, failure });
        }
      }
      commit.run();
      return outcomes;
    } catch (err) {
      if (this.db.inTransaction) rollback.run();
      throw err;
    } finally {
      this.lastSeqs.clear();
    }
  }

  private apply(op: WriteOp): number {
    const now = Date.now();
    switch (op.op) {
      case 'put': {
        const { collection, key, json, expectVersion } = op;
        const row =
          expectVersion === undefined
            ? this.stmt.upsert.get(collection, key, json, now)
            : expectVersion === null
              ? this.stmt.create.get(collection, key, json, now)
              : this.stmt.update.get(json, now, collection, key, expectVersion);
        if (row) return row.version;
        const actual = this.stmt.version.get(collection, key)?.version ?? null;
        throw new RefusedWrite({
          kind: 'conflict',
          collection,
          key,
          expected: expectVersion ?? null,
          actual,
        });
      }
      case 'delete':
        return this.stmt.delete.run(op.collection, op.key).changes;
      case 'append': {
        const last = this.lastSeqs.get(op.stream) ?? this.stmt.lastSeq.get(op.stream, op.stream)?.seq ?? 0;
        this.stmt.append.run(op.stream, last + 1, op.json, now);
        this.lastSeqs.set(op.stream, last + 1);
        return last + 1;
      }
      case 'deleteStream':
        this.stmt.saveHead.run(op.stream);
        this.lastSeqs.delete(op.stream);
        return this.stmt.deleteStream.run(op.stream).changes;
      case 'increment':
        return this.stmt.increment.get(op.counter)?.value ?? 0;
    }
  }
}

/** A write the driver refused (bad value, constraint): its message, never a stack. */
function refusal(err: unknown): WriteFailure {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof TypeError || err instanceof RangeError
    ? { kind: 'invalid', message }
    : { kind: 'failed', message };
}
