import { Worker } from 'node:worker_threads';

/**
 * The checkpointer's own code, run in a worker thread with its own connection to the database file. A
 * checkpoint copies the write-ahead log into the database file and fsyncs it: tens of milliseconds that,
 * in a commit (SQLite's automatic checkpoint), would hold up every conversation's write. PASSIVE never blocks
 * the writer connection (see SqliteWriterThread). Under steady writes a passive checkpoint never finds the log
 * fully copied, so the log would grow without end (a gigabyte in a few minutes of load); once it holds more than
 * `restartFrames` pages and a passive run has caught up, a RESTART checkpoint copies the few frames written
 * since and lets the next write start the log from its beginning again. It waits for the writer connection's
 * current write at most 50 ms, and the writer waits at most for that short copy.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 50');
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive && passive.log >= workerData.restartFrames && passive.checkpointed === passive.log)
      db.pragma('wal_checkpoint(RESTART)');
  } catch (err) {
    // SQLITE_BUSY: the writer connection was writing; the next interval tries again.
    if (!(err && err.code === 'SQLITE_BUSY')) parentPort.postMessage(String(err && err.message));
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); process.exit(0); } });
`;

/**
 * Checkpoints an SQLite WAL database from a worker thread every `intervalMs`, so the event loop never waits
 * for the checkpoint's disk flush. The connections of SqliteStorage turn their automatic checkpoints off.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(
    file: string,
    intervalMs = 1000,
    onError: (message: string) => void = () => undefined,
    restartFrames = 16_384,
  ) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { file, intervalMs, restartFrames, driver: require.resolve('better-sqlite3') },
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
