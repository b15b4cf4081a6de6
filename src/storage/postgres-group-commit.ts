import { DatabaseError } from 'pg';
import { StorageUnavailableError, VersionConflictError } from './errors';
import type { BatchOp } from './storage';

/** One write a caller asks for: a {@link BatchOp} or a counter increment. */
export type GroupOp = BatchOp | { op: 'increment'; counter: string };

/** Runs `sportello_apply(items, vals)` in one round trip and resolves its answer (a JSON array). */
export type ApplyGroup = (items: string, vals: string[]) => Promise<unknown>;

/** Options of {@link PostgresGroupCommit}. */
export interface GroupCommitOptions {
  /** At most this many ops in one group (default 200); one caller's larger batch still goes alone. */
  maxOps?: number;
  /** At most about this many bytes of values in one group (default 4 MB). */
  maxBytes?: number;
  /** Groups sent at once (default 1): while they run, the next group gathers. */
  maxInFlight?: number;
}

/** One caller's writes waiting for a group, already encoded for `sportello_apply`. */
interface Pending {
  ops: readonly GroupOp[];
  values: string[];
  bytes: number;
  /** Whether a failed condition after the first op must undo earlier ops (a subtransaction). */
  undo: boolean;
  resolve: (results: number[]) => void;
  reject: (err: unknown) => void;
}

/** What `sportello_apply_ops` answers for one caller: results, a failed condition, or an error. */
type Answer = { r: number[] } | { c: number; v: number | null } | { e: string; s: string };

/** SQLSTATE classes where nothing is wrong with the writes themselves: the server or connection is. */
const ENVIRONMENT_CLASSES = new Set(['08', '53', '57', '58', 'XX']);

/**
 * Group commit for PostgreSQL: the writes callers request during one event-loop turn are sent together as one
 * call of the `sportello_apply` function — one round trip and one commit for many conversations. Each caller's
 * writes stay atomic on their own: a failed condition (a {@link VersionConflictError}) or error undoes only that
 * caller's writes, and every caller's promise settles only after the group's commit.
 *
 * When the whole group fails: a deadlock or serialisation failure (possible only with writers that do not lock in
 * the function's order) retries the group once; a failure of one caller's data runs each caller's writes alone, so
 * only that caller sees it; a lost connection rejects every caller of the group with
 * {@link StorageUnavailableError} (their writes may or may not have committed, as with any lost commit).
 */
export class PostgresGroupCommit {
  private pending: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly idle = new Set<() => void>();
  private readonly maxOps: number;
  private readonly maxBytes: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly apply: ApplyGroup,
    options: GroupCommitOptions = {},
  ) {
    this.maxOps = options.maxOps ?? 200;
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Queues one caller's writes for the next group; resolves one result per op once committed. */
  write(ops: readonly GroupOp[]): Promise<number[]> {
    let values: string[];
    try {
      values = ops.map(encodeValue);
    } catch (err) {
      return Promise.reject(err);
    }
    const undo = ops.some((op, i) => i > 0 && op.op === 'put' && op.expectVersion !== undefined);
    const bytes = values.reduce((n, v) => n + v.length, 0);
    return new Promise<number[]>((resolve, reject) => {
      this.pending.push({ ops, values, bytes, undo, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every queued and running group has settled. */
  async drain(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    // setImmediate, not a microtask: lets the I/O of other requests queue their writes into this group.
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.maxInFlight && this.pending.length > 0) {
        const group = this.take();
        this.inFlight++;
        void this.send(group, true).finally(() => {
          this.inFlight--;
          this.schedule();
          if (this.pending.length === 0 && this.inFlight === 0) {
            for (const resolve of this.idle) resolve();
            this.idle.clear();
          }
        });
      }
    });
  }

  /** Takes the oldest pending writes up to the group limits (always at least one caller). */
  private take(): Pending[] {
    let ops = 0;
    let bytes = 0;
    let n = 0;
    for (const p of this.pending) {
      if (n > 0 && (ops + p.ops.length > this.maxOps || bytes + p.bytes > this.maxBytes)) break;
      ops += p.ops.length;
      bytes += p.bytes;
      n++;
    }
    return this.pending.splice(0, n);
  }

  /** Sends one group and settles its callers; never rejects. */
  private async send(group: Pending[], mayRetry: boolean): Promise<void> {
    const vals: string[] = [];
    const items = group.map((p) => {
      const base = vals.length;
      vals.push(...p.values);
      return { t: p.undo, ops: p.ops.map((op, i) => wireOp(op, base + i + 1)) };
    });
    let answers: Answer[];
    try {
      answers = (await this.apply(JSON.stringify(items), vals)) as Answer[];
    } catch (err) {
      const state = sqlState(err);
      if (state?.startsWith('40') && mayRetry) return this.send(group, false);
      if (state && !ENVIRONMENT_CLASSES.has(state.slice(0, 2)) && group.length > 1) {
        // Something in one caller's writes failed the whole group: run each alone so only that caller fails.
        for (const p of group) await this.send([p], false);
        return;
      }
      const failure = unavailable(err);
      for (const p of group) p.reject(failure);
      return;
    }
    for (const [i, p] of group.entries()) settle(p, answers[i]);
  }
}

function settle(p: Pending, answer: Answer | undefined): void {
  if (answer && 'r' in answer) p.resolve(answer.r.map(Number));
  else if (answer && 'c' in answer) {
    const op = p.ops[answer.c];
    if (op?.op !== 'put') p.reject(new StorageUnavailableError('PostgreSQL: unexpected conflict answer'));
    else p.reject(new VersionConflictError(op.collection, op.key, op.expectVersion ?? null, answer.v));
  } else if (answer && 'e' in answer) p.reject(new StorageUnavailableError(`PostgreSQL: ${answer.e}`));
  else p.reject(new StorageUnavailableError('PostgreSQL: no answer for a write of the group'));
}

/** The stored text of an op's value ('' for ops without one); throws TypeError for what JSON cannot hold. */
function encodeValue(op: GroupOp): string {
  if (op.op !== 'put' && op.op !== 'append') return '';
  const json = JSON.stringify(op.value);
  if (json === undefined) throw new TypeError(`Not a JSON value: ${typeof op.value}`);
  return json;
}

/** The op as `sportello_apply_ops` reads it; `v` is the 1-based index of its value in `vals`. */
function wireOp(op: GroupOp, v: number): Record<string, unknown> {
  switch (op.op) {
    case 'put':
      return op.expectVersion === undefined
        ? { o: 'p', c: op.collection, k: op.key, v }
        : { o: 'p', c: op.collection, k: op.key, v, e: op.expectVersion };
    case 'delete':
      return { o: 'd', c: op.collection, k: op.key };
    case 'append':
      return { o: 'a', s: op.stream, v };
    case 'increment':
      return { o: 'i', n: op.counter };
  }
}

/** The SQLSTATE of an error the server reported (none for a lost connection). */
function sqlState(err: unknown): string | undefined {
  return err instanceof DatabaseError ? err.code : undefined;
}

function unavailable(err: unknown): Error {
  if (err instanceof StorageUnavailableError) return err;
  return new StorageUnavailableError(`PostgreSQL: ${(err as Error)?.message ?? String(err)}`, err);
}
