import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BoundedMap } from '../shared/bounded-map';
import { StorageUnavailableError, VersionConflictError } from './errors';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import {
  configureConnection,
  LAST_SEQ_SQL,
  newRestartFlag,
  SqliteWriter,
  type WriteFailure,
  type WriteOp,
  type WriteOutcome,
} from './sqlite-writer';
import { SqliteWriterThread } from './sqlite-writer-thread';
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

/**
 * Write-ahead log size kept on disk once the log starts over (256 MiB). Under steady load the log reaches the
 * restart size (64 MiB) plus what a second or two of writes adds before it starts over; a limit below that
 * would truncate the file at every restart, inside a commit (a stall of milliseconds), and grow it again after.
 */
const WAL_SIZE_LIMIT = 256 * 1024 * 1024;

/** Options of {@link SqliteStorage} (defaults suit production). */
export interface SqliteOptions {
  /** How often the worker thread checkpoints the write-ahead log, in ms (default 1000). */
  checkpointIntervalMs?: number;
  /** Log size, in pages, from which the log is started over once the checkpointer has caught up (default 16,384: 64 MiB). */
  walRestartPages?: number;
  /** How many recently read or written documents are kept in memory to answer reads (default 4,096; 0: none). */
  documentCacheSize?: number;
  /** How often, in ms, the writer thread looks for commits by other processes while idle (default 100). */
  changePollMs?: number;
}

/**
 * Groups sent to the writer before the first is committed: the next group is ready while the writer
 * commits, instead of waiting for the answer (the writer still commits them one after another, in order).
 */
const MAX_GROUPS_IN_FLIGHT = 2;

/**
 * Writes that make a group full: it is sent at once (when fewer than {@link MAX_GROUPS_IN_FLIGHT} are with the
 * writer) instead of at the end of the event loop's poll phase. Under load one poll phase handles tens of
 * requests, and a group waiting for its end would hold every one of them: the writer would idle meanwhile, then
 * commit them all while the event loop, with no request left, idled in turn. A full group sent early is
 * committed while the loop handles the rest. Smaller groups cost more per message than they save (each hand-over
 * copies and wakes the writer thread, dear on virtual machines); larger ones made the loop wait for the writer
 * again. Measurements: docs/performance.md.
 */
const FULL_GROUP = 32;

/** A document as stored: its JSON text and version. */
interface DocumentRow {
  value: string;
  version: number;
}

/** One caller's write waiting for the next group commit. */
interface PendingWrite {
  ops: WriteOp[];
  resolve: (results: number[]) => void;
  reject: (err: unknown) => void;
}

/** Where groups of writes go: the writer thread (file databases) or the main connection (`:memory:`). */
interface GroupWriter {
  commit(group: WriteOp[][]): Promise<WriteOutcome[]>;
}

/**
 * The default embedded {@link Storage}: one SQLite file in WAL mode (zero set-up).
 *
 * Reads run on the main thread's connection. Writes use group commit: the writes requested while the
 * previous group is being committed are committed together in one transaction, each atomic on its own (a
 * refused batch is undone alone), so many concurrent conversations share one commit; a group that reaches
 * {@link FULL_GROUP} writes leaves at once. For a file, the statements and the commit run on a writer thread
 * with its own connection (see {@link SqliteWriterThread}), so the event loop spends no time on them; a write
 * resolves only after its commit, and reads made after that see it. A third connection, the checkpointer
 * thread, copies the write-ahead log into the file.
 *
 * Recently read or written documents are kept in memory (their JSON text and version), so a conversation's
 * state is read from the database once, not at every message. The writer thread watches SQLite's
 * `data_version` for commits by other processes on the same file (the users CLI, say) and the cache is
 * emptied when it sees one: such a change shows within about `changePollMs`. A conditional write refused
 * for its version drops that document from the cache, so the caller's retry reads it afresh.
 */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly writer: GroupWriter;
  private readonly thread: SqliteWriterThread | undefined;
  private readonly checkpointer: SqliteCheckpointer | undefined;
  /** The file's descriptor the checkpointer flushes with; closed after the last connection. */
  private fileFd: number | undefined;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  /** Groups sent to the writer and not settled yet. */
  private inFlight = 0;
  /** Settles once the last group sent is settled (groups settle in the order they were sent). */
  private lastGroup: Promise<void> = Promise.resolve();
  private readonly documents: BoundedMap<string, DocumentRow>;

  /** Opens (creating if needed) the database file; `:memory:` works too. */
  constructor(file: string, options: SqliteOptions = {}) {
    this.documents = new BoundedMap(options.documentCacheSize ?? 4096);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    configureConnection(this.db, WAL_SIZE_LIMIT);
    this.migrate();
    if (file === ':memory:') {
      // One connection only: writes run inline on it.
      const inline = new SqliteWriter(this.db);
      this.writer = { commit: async (group) => inline.commit(group) };
    } else {
      // Checkpoints run in a worker thread instead of inside a commit (see SqliteCheckpointer).
      this.db.pragma('wal_autocheckpoint = 0');
      const restartWanted = newRestartFlag();
      this.fileFd = fs.openSync(path.resolve(file), 'r+');
      this.checkpointer = new SqliteCheckpointer({
        file: path.resolve(file),
        fileFd: this.fileFd,
        restartWanted,
        intervalMs: options.checkpointIntervalMs,
        restartFrames: options.walRestartPages,
      });
      this.thread = new SqliteWriterThread(
        path.resolve(file),
        { pollMs: options.changePollMs ?? 100, walSizeLimit: WAL_SIZE_LIMIT, restartWanted },
        () => this.documents.clear(),
      );
      this.writer = this.thread;
    }
    this.stmt = {
      get: this.db.prepare<[string, string], DocumentRow>(
        'SELECT value, version FROM documents WHERE collection = ? AND key = ?',
      ),
      list: this.db.prepare<[string, string, string, number], { key: string; value: string }>(
        `SELECT key, value FROM documents WHERE collection = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?`,
      ),
      read: this.db.prepare<[string, number, number], { seq: number; value: string; at: number }>(
        'SELECT seq, value, at FROM streams WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      lastSeq: this.db.prepare<[string, string], { seq: number | null }>(LAST_SEQ_SQL),
      ping: this.db.prepare('SELECT 1'),
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
    const row = this.run(() => this.readDocument(collection, key));
    // Parsed anew at every read: callers may change the value they get.
    return row ? { value: JSON.parse(row.value) as T, version: row.version } : undefined;
  }

  async getIfChanged<T>(
    collection: string,
    key: string,
    version: number,
  ): Promise<Versioned<T> | 'unchanged' | undefined> {
    const row = this.run(() => this.readDocument(collection, key));
    if (!row) return undefined;
    return row.version === version
      ? 'unchanged'
      : { value: JSON.parse(row.value) as T, version: row.version };
  }

  async put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number> {
    const [version] = await this.write([putOp(collection, key, value, options?.expectVersion)]);
    return version ?? 0;
  }

  async delete(collection: string, key: string): Promise<boolean> {
    const [deleted] = await this.write([{ op: 'delete', collection, key }]);
    return deleted === 1;
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
    const [seq] = await this.write([appendOp(stream, value)]);
    return seq ?? 0;
  }

  async read<T>(stream: string, options: ReadOptions = {}): Promise<StreamEntry<T>[]> {
    const rows = this.run(() =>
      this.stmt.read.all(stream, options.after ?? 0, options.limit ?? Number.MAX_SAFE_INTEGER),
    );
    return rows.map((r) => ({ seq: r.seq, value: JSON.parse(r.value) as T, at: new Date(r.at) }));
  }

  async lastSeq(stream: string): Promise<number> {
    return this.run(() => this.stmt.lastSeq.get(stream, stream)?.seq ?? 0);
  }

  async deleteStream(stream: string): Promise<number> {
    const [removed] = await this.write([{ op: 'deleteStream', stream }]);
    return removed ?? 0;
  }

  async increment(counter: string): Promise<number> {
    const [value] = await this.write([{ op: 'increment', counter }]);
    return value ?? 0;
  }

  async batch(ops: BatchOp[]): Promise<number[]> {
    const writes = ops.map((op): WriteOp => {
      if (op.op === 'put') return putOp(op.collection, op.key, op.value, op.expectVersion);
      if (op.op === 'delete') return op;
      return appendOp(op.stream, op.value);
    });
    const results = await this.write(writes);
    return results.filter((_, i) => writes[i]?.op === 'append');
  }

  /** Rejects when the file cannot be read or the writer thread is gone (writes would fail). */
  async ping(): Promise<void> {
    this.run(() => this.stmt.ping.get());
    this.thread?.assertRunning();
  }

  async close(): Promise<void> {
    // Commit what is queued, then stop the threads and close the main connection.
    while (this.inFlight > 0 || this.pending.length > 0) {
      this.flush();
      await this.lastGroup;
    }
    await this.thread?.stop();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
    // Last: closing a descriptor of the file drops this process's locks on it, the connections' too.
    if (this.fileFd !== undefined) fs.closeSync(this.fileFd);
    this.fileFd = undefined;
  }

  /** Queues a write for the next group commit and resolves with its results once committed. */
  private write(ops: WriteOp[]): Promise<number[]> {
    // Answers the writer thread has sent meanwhile settle now, not once the event loop gets round to them.
    this.thread?.drain();
    return new Promise<number[]>((resolve, reject) => {
      this.pending.push({ ops, resolve, reject });
      if (this.pending.length >= FULL_GROUP) this.flush();
      else this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= MAX_GROUPS_IN_FLIGHT) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: lets the I/O of other requests queue their writes into this group.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Sends the queued writes as one group, unless {@link MAX_GROUPS_IN_FLIGHT} groups are with the writer. */
  private flush(): void {
    if (this.inFlight >= MAX_GROUPS_IN_FLIGHT || this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    let committing: Promise<WriteOutcome[]>;
    try {
      if (!this.db.open) throw new StorageUnavailableError('SQLite: the database connection is not open');
      committing = this.writer.commit(group.map((w) => w.ops));
    } catch (err) {
      committing = Promise.reject(err);
    }
    this.inFlight++;
    this.lastGroup = committing.then(
      (outcomes) => this.settle(group, outcomes),
      (err) => {
        // The commit itself failed (disk full, database closed…): nothing of this group was written.
        this.documents.clear();
        const error = this.wrapError(err);
        for (const write of group) write.reject(error);
      },
    );
    void this.lastGroup.finally(() => {
      this.inFlight--;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  /** Updates the document cache with a committed group's writes and answers their callers. */
  private settle(group: PendingWrite[], outcomes: WriteOutcome[]): void {
    group.forEach((write, i) => {
      const outcome = outcomes[i];
      if (!outcome?.ok) {
        const failure: WriteFailure = outcome?.failure ?? { kind: 'failed', message: 'no outcome' };
        if (failure.kind === 'conflict') this.documents.delete(cacheKey(failure.collection, failure.key));
        write.reject(failureError(failure));
        return;
      }
      write.ops.forEach((op, j) => {
        if (op.op === 'delete') this.documents.delete(cacheKey(op.collection, op.key));
        else if (op.op === 'put' && this.documents.limit > 0)
          this.documents.set(cacheKey(op.collection, op.key), {
            value: op.json,
            version: outcome.results[j] ?? 0,
          });
      });
      write.resolve(outcome.results);
    });
  }

  /** A document from the cache, else from the database (then cached). */
  private readDocument(collection: string, key: string): DocumentRow | undefined {
    if (this.documents.limit === 0) return this.stmt.get.get(collection, key);
    const k = cacheKey(collection, key);
    const cached = this.documents.get(k);
    if (cached) return cached;
    const row = this.stmt.get.get(collection, key);
    if (row) this.documents.set(k, row);
    return row;
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
    if (err instanceof StorageUnavailableError) return err;
    return new StorageUnavailableError(`SQLite: ${(err as Error).message}`, err);
  }
}

function cacheKey(collection: string, key: string): string {
  return `${collection}\u0000${key}`;
}

/** A put as the writer takes it; a value JSON cannot represent is refused here, before it is queued. */
function putOp(collection: string, key: string, value: unknown, expectVersion?: number | null): WriteOp {
  return {
    op: 'put',
    collection,
    key,
    json: toJson(value),
    ...(expectVersion !== undefined ? { expectVersion } : {}),
  };
}

function appendOp(stream: string, value: unknown): WriteOp {
  return { op: 'append', stream, json: toJson(value) };
}

function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('SQLite storage: the value cannot be stored as JSON');
  return json;
}

/** The error a refused write rejects with. */
function failureError(failure: WriteFailure): Error {
  if (failure.kind === 'conflict')
    return new VersionConflictError(failure.collection, failure.key, failure.expected, failure.actual);
  if (failure.kind === 'invalid') return new TypeError(failure.message);
  return new StorageUnavailableError(`SQLite: ${failure.message}`);
}
