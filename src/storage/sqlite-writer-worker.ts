/**
 * The writer thread's code (see {@link SqliteWriterThread}): its own connection to the database file, which
 * applies each group of writes the main thread sends and answers with the outcomes. Between groups it looks
 * every `pollMs` for commits by other processes, so the main thread can drop its cached documents.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { openWriterConnection, SqliteWriter } from './sqlite-writer';
import type { WriterRequest, WriterResponse } from './sqlite-writer-thread';
import { decodeGroup, encodeOutcomes } from './sqlite-writer-wire';

const {
  file,
  pollMs,
  walSizeLimit,
  restartWanted: restartBuffer,
  answers,
  answersSent: answersSentBuffer,
} = workerData as {
  file: string;
  pollMs: number;
  walSizeLimit: number;
  /** The checkpointer's flag (see newRestartFlag), over a SharedArrayBuffer. */
  restartWanted: SharedArrayBuffer;
  /** Where to answer (the main thread also reads it synchronously between other work). */
  answers: MessagePort;
  /** How many answers this thread has sent, over a SharedArrayBuffer (see SqliteWriterThread.drain). */
  answersSent: SharedArrayBuffer;
};
const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker runs as a worker thread');

// No commit checkpoints: the checkpointer thread does, and this thread only copies the log's last few frames
// between two groups when the checkpointer asks (see below).
const db = openWriterConnection(file, walSizeLimit);
const writer = new SqliteWriter(db);
const restartWanted = new Int32Array(restartBuffer);

const answersSent = new Int32Array(answersSentBuffer);

/** Answers the main thread, then counts the answer: once counted, it is on the port. */
const send = (response: WriterResponse) => {
  answers.postMessage(response);
  Atomics.add(answersSent, 0, 1);
};
// The writer now counts other processes' commits from here on; documents the main thread cached before
// (while this thread was starting) may predate one of them, so it drops them.
send({ type: 'changed-elsewhere' });
const poll = setInterval(() => {
  try {
    if (writer.changedElsewhere()) send({ type: 'changed-elsewhere' });
  } catch {
    // Busy or closing: the next poll or group looks again.
  }
}, pollMs);

port.on('message', (request: WriterRequest) => {
  if (request.type === 'stop') {
    clearInterval(poll);
    db.close();
    answers.close();
    port.close();
    return;
  }
  try {
    const changedElsewhere = writer.changedElsewhere();
    const outcomes = encodeOutcomes(writer.commit(decodeGroup(request.group)));
    send({ type: 'committed', id: request.id, outcomes, changedElsewhere });
  } catch (err) {
    send({ type: 'failed', id: request.id, message: err instanceof Error ? err.message : String(err) });
  }
  // Answered first: the group's callers do not wait for the few frames copied here.
  try {
    if (Atomics.load(restartWanted, 0) === 1 && writer.catchUp()) Atomics.store(restartWanted, 0, 0);
  } catch {
    // Busy or closing: the flag stays up and the next group tries again.
  }
});
