import path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { StorageUnavailableError } from './errors';
import type { WriteOp, WriteOutcome } from './sqlite-writer';
import { decodeOutcomes, encodeGroup, type Wire } from './sqlite-writer-wire';

/** What the main thread asks the writer thread (a group as {@link encodeGroup} flattens it). */
export type WriterRequest = { type: 'commit'; id: number; group: Wire } | { type: 'stop' };

/** What the writer thread answers (outcomes as `encodeOutcomes` of sqlite-writer-wire.ts flattens them). */
export type WriterResponse =
  | { type: 'committed'; id: number; outcomes: Wire; changedElsewhere: boolean }
  | { type: 'failed'; id: number; message: string }
  | { type: 'changed-elsewhere' };

/**
 * Loads the worker's module: compiled JavaScript as is, TypeScript (tests, `npm start`) through tsx's
 * require hook, which the worker registers for itself.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) require(workerData.tsx).register();
require(workerData.entry);
`;

/**
 * The main thread's handle on the writer thread: SQLite's statements, commits and log writes for a file
 * database run there, on their own connection, so the event loop spends no time on them.
 * {@link SqliteStorage} sends a few groups ahead; the thread commits them one after another, in order.
 */
export class SqliteWriterThread {
  private readonly worker: Worker;
  /** Where the thread answers: read on 'message' and, between other work, by {@link SqliteWriterThread.drain}. */
  private readonly answers: MessagePort;
  private readonly exited: Promise<void>;
  /** Groups sent and not answered yet, by id; the thread answers them in order. */
  private readonly waiting = new Map<
    number,
    { resolve: (outcomes: WriteOutcome[]) => void; reject: (e: unknown) => void }
  >();
  private nextId = 1;
  private broken: StorageUnavailableError | undefined;
  /** How many answers the thread has sent (it counts each after posting it), shared memory. */
  private readonly answersSent = new Int32Array(new SharedArrayBuffer(4));
  /** How many answers this side has taken off the port, either way; wraps like the shared counter. */
  private answersTaken = 0;

  /**
   * Starts the thread on `file` (already created and migrated). `onChangedElsewhere` runs when another
   * process committed to the file.
   */
  constructor(
    file: string,
    options: { pollMs: number; walSizeLimit: number; restartWanted: Int32Array },
    private readonly onChangedElsewhere: () => void,
  ) {
    const ext = path.extname(__filename);
    const { port1, port2 } = new MessageChannel();
    this.answers = port1;
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        entry: path.join(__dirname, `sqlite-writer-worker${ext}`),
        tsx: ext === '.ts' ? require.resolve('tsx/cjs/api') : undefined,
        file,
        answers: port2,
        pollMs: options.pollMs,
        walSizeLimit: options.walSizeLimit,
        restartWanted: options.restartWanted.buffer,
        answersSent: this.answersSent.buffer,
      },
      transferList: [port2],
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.answers.on('message', (response: WriterResponse) => this.receive(response));
    this.answers.unref();
    this.worker.on('error', (err) => this.fail(`SQLite writer thread failed: ${err.message}`, err));
    this.worker.on('exit', () => this.fail('SQLite writer thread stopped'));
    // Idle, the thread never keeps the process alive; a group in the thread does (see commit).
    this.worker.unref();
  }

  /** Sends a group to the thread; resolves once it is committed (after every group sent before it). */
  commit(group: WriteOp[][]): Promise<WriteOutcome[]> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<WriteOutcome[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) {
        this.worker.ref();
        this.answers.ref();
      }
      this.worker.postMessage({ type: 'commit', id, group: encodeGroup(group) } satisfies WriterRequest);
    });
  }

  /**
   * Takes the answers the thread has already sent, without waiting for the event loop to deliver them: a
   * busy event loop would otherwise hold committed groups (and their callers' replies) until it is done with
   * the work in hand.
   */
  drain(): void {
    // Most calls find nothing new: the shared count tells so without asking the port (a native call dearer
    // than the check, made for every write).
    while (Atomics.load(this.answersSent, 0) !== this.answersTaken) {
      const m = receiveMessageOnPort(this.answers);
      if (!m) return;
      this.receive(m.message as WriterResponse);
    }
  }

  /** Throws the thread's failure, if it has stopped or failed (readiness: writes would be refused). */
  assertRunning(): void {
    if (this.broken) throw this.broken;
  }

  /** Stops the thread after its current group and waits until its connection is closed. */
  async stop(): Promise<void> {
    if (!this.broken) {
      this.worker.ref();
      this.worker.postMessage({ type: 'stop' } satisfies WriterRequest);
    }
    await this.exited;
  }

  private receive(response: WriterResponse): void {
    this.answersTaken = (this.answersTaken + 1) | 0;
    if (response.type === 'changed-elsewhere') {
      this.onChangedElsewhere();
      return;
    }
    const waiting = this.waiting.get(response.id);
    if (!waiting) return;
    this.waiting.delete(response.id);
    if (this.waiting.size === 0) {
      this.worker.unref();
      this.answers.unref();
    }
    if (response.type === 'committed') {
      // Told first: the cache is emptied before this group's own writes are put in it.
      if (response.changedElsewhere) this.onChangedElsewhere();
      waiting.resolve(decodeOutcomes(response.outcomes));
    } else waiting.reject(new StorageUnavailableError(`SQLite: ${response.message}`));
  }

  private fail(message: string, cause?: unknown): void {
    this.answers.close();
    this.broken ??= new StorageUnavailableError(message, cause);
    for (const waiting of this.waiting.values()) waiting.reject(this.broken);
    this.waiting.clear();
  }
}
