/**
 * The password thread's code (see {@link import('./password-hasher').WorkerPasswordHasher}): bcrypt hashes and
 * comparisons, one at a time, in the order asked, away from the event loop.
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import type { PasswordJob, PasswordResult } from './password-hasher';

const port = parentPort;
if (!port) throw new Error('password-worker runs as a worker thread');

// The lowest CPU priority for this thread only (Linux applies it to the calling thread): when the cores are
// busy, the event loop answering citizens goes first and a login waits a little longer.
try {
  os.setPriority(19);
} catch {
  // Not allowed here: the thread keeps the process's priority.
}

port.on('message', (job: PasswordJob) => {
  let result: PasswordResult;
  try {
    result =
      job.op === 'hash'
        ? { id: job.id, value: bcrypt.hashSync(job.password, job.cost) }
        : { id: job.id, value: bcrypt.compareSync(job.password, job.hash) };
  } catch (err) {
    result = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(result);
});
