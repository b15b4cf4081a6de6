import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SportelloError } from '../shared/errors';

/** Hashes and checks console passwords (bcrypt). */
export interface PasswordHasher {
  /** A bcrypt hash of the password at `cost` (2^cost rounds). */
  hash(password: string, cost: number): Promise<string>;
  /** True when the password matches the bcrypt hash. */
  compare(password: string, hash: string): Promise<boolean>;
}

/** What the password thread is asked to do. */
export type PasswordTask =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string };

/** A task for the password thread with the id its answer carries. */
export type PasswordJob = PasswordTask & { id: number };

/** The password thread's answer to a job. */
export type PasswordResult = { id: number; value: string | boolean } | { id: number; error: string };

/** The password thread failed or stopped: the job was not done. */
export class PasswordThreadError extends SportelloError {
  constructor(message: string, cause?: unknown) {
    super('password_thread_failed', message, { cause });
  }
}

/** Loads the worker's module: compiled JavaScript as is, TypeScript (tests) through tsx's require hook. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) require(workerData.tsx).register();
require(workerData.entry);
`;

/**
 * A {@link PasswordHasher} running bcrypt on one worker thread, started at the first job and kept: a bcrypt
 * comparison at cost 11 is a fifth of a second of CPU, and on the event loop every login would hold up every
 * citizen's reply meanwhile. Jobs queue in the thread, one at a time, so logins take at most one core; how
 * many get there at all is the login rate limits' business. An idle thread does not keep the process alive.
 */
export class WorkerPasswordHasher implements PasswordHasher {
  private worker: Worker | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (v: string | boolean) => void; reject: (e: unknown) => void }
  >();
  private nextId = 1;

  hash(password: string, cost: number): Promise<string> {
    return this.run({ op: 'hash', password, cost }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run({ op: 'compare', password, hash }) as Promise<boolean>;
  }

  /** Stops the thread (jobs still queued fail with {@link PasswordThreadError}). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private run(task: PasswordTask): Promise<string | boolean> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ ...task, id } satisfies PasswordJob);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const ext = path.extname(__filename);
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        entry: path.join(__dirname, `password-worker${ext}`),
        tsx: ext === '.ts' ? require.resolve('tsx/cjs/api') : undefined,
      },
    });
    worker.on('message', (result: PasswordResult) => this.receive(result));
    worker.on('error', (err) =>
      this.fail(new PasswordThreadError(`Password thread failed: ${err.message}`, err)),
    );
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.fail(new PasswordThreadError('Password thread stopped'));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(result: PasswordResult): void {
    const waiting = this.waiting.get(result.id);
    if (!waiting) return;
    this.waiting.delete(result.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in result) waiting.reject(new PasswordThreadError(result.error));
    else waiting.resolve(result.value);
  }

  private fail(error: PasswordThreadError): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

let shared: WorkerPasswordHasher | undefined;

/** The process's password thread, shared by every {@link import('./users').UserStore} that is given none. */
export function sharedPasswordHasher(): WorkerPasswordHasher {
  shared ??= new WorkerPasswordHasher();
  return shared;
}
