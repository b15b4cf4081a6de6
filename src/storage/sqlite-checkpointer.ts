import { Worker } from 'node:worker_threads';

/**
 * The checkpointer's own code, run in a worker thread with its own connection to the database file. A
 * checkpoint copies the write-ahead log into the database file and fsyncs it: tens of milliseconds that,
 * in a commit (SQLite's automatic checkpoint), would hold up every conversation's write. PASSIVE never blocks
 * the writer connection (see SqliteWriterThread).
 *
 * Under steady writes a passive checkpoint never finds the log fully copied, so the log would grow without end
 * (a gigabyte in a few minutes of load). Once it holds more than `restartFrames` pages and a passive run has
 * caught up, the checkpointer copies what was written meanwhile in a few short passes, flushes the database
 * file to disk, and raises `restartWanted`: the writer thread, between two groups, copies the last few frames
 * (see SqliteWriter.catchUp), and its next commit writes from the log's beginning again.
 *
 * Why not a RESTART checkpoint from here: it holds the write lock while it copies and syncs, and the writer's
 * busy handler sleeps between tries, so every conversation stalled for tens of milliseconds every two seconds
 * under load. And why flush first: a passive run that has not reached the log's end leaves the pages it copied
 * unsynced, so the writer's catch-up, which does reach the end, would otherwise fsync tens of megabytes.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 50');
const restartWanted = new Int32Array(workerData.restartWanted);
const timer = setInterval(() => {
  try {
    let [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (!passive || passive.log < workerData.restartFrames || passive.checkpointed !== passive.log) return;
    for (let pass = 0; pass < 3; pass++) {
      const before = passive.log;
      [passive] = db.pragma('wal_checkpoint(PASSIVE)');
      if (!passive || passive.checkpointed !== passive.log) return;
      if (passive.log - before <= 256) break; // a few hundred frames left: the writer copies them in no time
    }
    if (passive.log < workerData.restartFrames) return; // the log has started over meanwhile
    fs.fdatasyncSync(workerData.fileFd);
    Atomics.store(restartWanted, 0, 1);
  } catch (err) {
    // SQLITE_BUSY: the writer connection was writing; the next interval tries again.
    if (!(err && err.code === 'SQLITE_BUSY')) parentPort.postMessage(String(err && err.message));
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); process.exit(0); } });
`;

/** Where and how often {@link SqliteCheckpointer} works. */
export interface CheckpointerOptions {
  /** The database file. */
  file: string;
  /**
   * A descriptor of the database file, open for writing, that stays open until every connection to the file
   * in this process is closed (closing a descriptor drops the process's locks on the file).
   */
  fileFd: number;
  /** The flag shared with the writer thread (see newRestartFlag). */
  restartWanted: Int32Array;
  /** How often to checkpoint, in ms (default 1000). */
  intervalMs?: number | undefined;
  /** Log size, in pages, from which the log is started over once caught up (default 16,384: 64 MiB). */
  restartFrames?: number | undefined;
  /** Told what went wrong (other than a busy database, which the next run retries). */
  onError?: (message: string) => void;
}

/**
 * Checkpoints an SQLite WAL database from a worker thread every `intervalMs`, so the event loop never waits
 * for the checkpoint's disk flush. The connections of SqliteStorage turn their automatic checkpoints off.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(options: CheckpointerOptions) {
    const onError = options.onError ?? (() => undefined);
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        file: options.file,
        fileFd: options.fileFd,
        intervalMs: options.intervalMs ?? 1000,
        restartFrames: options.restartFrames ?? 16_384,
        restartWanted: options.restartWanted.buffer,
        driver: require.resolve('better-sqlite3'),
      },
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: string) => onError(message));
    this.worker.on('error', (err) => onError(err.message));
    // The checkpointer alone never keeps the process alive.
    this.worker.unref();
  }

  /** Stops the worker after its current checkpoint; the next open checkpoints whatever is left. */
  async stop(): Promise<void> {
    // Keep the process alive until the worker has closed its connection (it is unref'd while it runs).
    this.worker.ref();
    this.worker.postMessage('stop'); // ignored by a worker that has already exited
    await this.exited;
  }
}
