import type { WriteFailure, WriteOp, WriteOutcome } from './sqlite-writer';

/**
 * A group of writes or its outcomes as one flat array of strings and numbers, the form in which they cross
 * to and from the writer thread. `postMessage` copies a flat array several times faster than the same data as
 * one small object per operation, and the main thread pays that copy for every message.
 */
export type Wire = Array<string | number | null | WriteFailure>;

const PUT = 0;
const DELETE = 1;
const APPEND = 2;
const DELETE_STREAM = 3;
const INCREMENT = 4;

/** `expectVersion` on the wire: a version, or one of these for "none given" and "must not exist". */
const ANY_VERSION = -1;
const NO_DOCUMENT = -2;

/** Flattens a group: per write, its operation count, then each operation's code and fields. */
export function encodeGroup(group: readonly WriteOp[][]): Wire {
  const wire: Wire = [];
  for (const write of group) {
    wire.push(write.length);
    for (const op of write) {
      switch (op.op) {
        case 'put':
          wire.push(
            PUT,
            op.collection,
            op.key,
            op.json,
            op.expectVersion === undefined
              ? ANY_VERSION
              : op.expectVersion === null
                ? NO_DOCUMENT
                : op.expectVersion,
          );
          break;
        case 'delete':
          wire.push(DELETE, op.collection, op.key);
          break;
        case 'append':
          wire.push(APPEND, op.stream, op.json);
          break;
        case 'deleteStream':
          wire.push(DELETE_STREAM, op.stream);
          break;
        case 'increment':
          wire.push(INCREMENT, op.counter);
          break;
      }
    }
  }
  return wire;
}

/** The group {@link encodeGroup} flattened. */
export function decodeGroup(wire: Wire): WriteOp[][] {
  const group: WriteOp[][] = [];
  let i = 0;
  const str = () => wire[i++] as string;
  while (i < wire.length) {
    const count = wire[i++] as number;
    const write: WriteOp[] = [];
    for (let n = 0; n < count; n++) {
      const code = wire[i++];
      if (code === PUT) {
        const collection = str();
        const key = str();
        const json = str();
        const version = wire[i++] as number;
        write.push(
          version === ANY_VERSION
            ? { op: 'put', collection, key, json }
            : { op: 'put', collection, key, json, expectVersion: version === NO_DOCUMENT ? null : version },
        );
      } else if (code === DELETE) write.push({ op: 'delete', collection: str(), key: str() });
      else if (code === APPEND) write.push({ op: 'append', stream: str(), json: str() });
      else if (code === DELETE_STREAM) write.push({ op: 'deleteStream', stream: str() });
      else if (code === INCREMENT) write.push({ op: 'increment', counter: str() });
      else throw new TypeError(`SQLite writer: unknown operation code ${String(code)}`);
    }
    group.push(write);
  }
  return group;
}

/** Flattens outcomes: per write, its result count then the results, or `null` then why it was refused. */
export function encodeOutcomes(outcomes: readonly WriteOutcome[]): Wire {
  const wire: Wire = [];
  for (const outcome of outcomes) {
    if (outcome.ok) wire.push(outcome.results.length, ...outcome.results);
    else wire.push(null, outcome.failure);
  }
  return wire;
}

/** The outcomes {@link encodeOutcomes} flattened. */
export function decodeOutcomes(wire: Wire): WriteOutcome[] {
  const outcomes: WriteOutcome[] = [];
  let i = 0;
  while (i < wire.length) {
    const count = wire[i++];
    if (count === null) {
      outcomes.push({ ok: false, failure: wire[i++] as WriteFailure });
      continue;
    }
    const results = wire.slice(i, i + (count as number)) as number[];
    i += count as number;
    outcomes.push({ ok: true, results });
  }
  return outcomes;
}
