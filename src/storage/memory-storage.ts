import { VersionConflictError } from './errors';
import type {
  BatchOp,
  ListOptions,
  PutOptions,
  ReadOptions,
  Storage,
  StreamEntry,
  Versioned,
} from './storage';

interface Doc {
  json: string;
  version: number;
}

/**
 * An in-process {@link Storage} for unit tests and throw-away runs (`DATABASE_URL=memory:`). Values are stored
 * as JSON text so callers can never mutate stored state by reference, exactly as with a real database.
 */
export class MemoryStorage implements Storage {
  readonly kind = 'memory';
  private readonly docs = new Map<string, Map<string, Doc>>();
  private readonly streams = new Map<string, Array<{ seq: number; json: string; at: Date }>>();
  private readonly counters = new Map<string, number>();
  /** Last sequence number of deleted streams, so a re-used stream name never hands out an old number again. */
  private readonly heads = new Map<string, number>();
  private closed = false;

  async get<T>(collection: string, key: string): Promise<T | undefined> {
    return (await this.getVersioned<T>(collection, key))?.value;
  }

  async getVersioned<T>(collection: string, key: string): Promise<Versioned<T> | undefined> {
    this.check();
    const doc = this.docs.get(collection)?.get(key);
    return doc ? { value: JSON.parse(doc.json) as T, version: doc.version } : undefined;
  }

  async getIfChanged<T>(
    collection: string,
    key: string,
    version: number,
  ): Promise<Versioned<T> | 'unchanged' | undefined> {
    this.check();
    const doc = this.docs.get(collection)?.get(key);
    if (!doc) return undefined;
    return doc.version === version ? 'unchanged' : { value: JSON.parse(doc.json) as T, version: doc.version };
  }

  async put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number> {
    this.check();
    this.checkVersion(collection, key, options?.expectVersion);
    return this.write(collection, key, value);
  }

  async delete(collection: string, key: string): Promise<boolean> {
    this.check();
    return this.docs.get(collection)?.delete(key) ?? false;
  }

  async list<T>(collection: string, options: ListOptions = {}): Promise<Array<{ key: string; value: T }>> {
    this.check();
    const prefix = options.prefix ?? '';
    const keys = [...(this.docs.get(collection)?.keys() ?? [])].filter((k) => k.startsWith(prefix)).sort();
    return keys.slice(0, options.limit ?? keys.length).map((key) => ({
      key,
      value: JSON.parse(this.docs.get(collection)?.get(key)?.json ?? 'null') as T,
    }));
  }

  async append(stream: string, value: unknown): Promise<number> {
    this.check();
    return this.appendSync(stream, value);
  }

  async read<T>(stream: string, options: ReadOptions = {}): Promise<StreamEntry<T>[]> {
    this.check();
    const after = options.after ?? 0;
    const entries = (this.streams.get(stream) ?? []).filter((e) => e.seq > after);
    return entries.slice(0, options.limit ?? entries.length).map((e) => ({
      seq: e.seq,
      value: JSON.parse(e.json) as T,
      at: new Date(e.at),
    }));
  }

  async lastSeq(stream: string): Promise<number> {
    this.check();
    return this.streams.get(stream)?.at(-1)?.seq ?? this.heads.get(stream) ?? 0;
  }

  async deleteStream(stream: string): Promise<number> {
    this.check();
    const entries = this.streams.get(stream) ?? [];
    const last = entries.at(-1)?.seq;
    if (last !== undefined) this.heads.set(stream, last);
    const n = entries.length;
    this.streams.delete(stream);
    return n;
  }

  async increment(counter: string): Promise<number> {
    this.check();
    const next = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, next);
    return next;
  }

  async batch(ops: BatchOp[]): Promise<number[]> {
    this.check();
    // Validate every condition first so a refused batch changes nothing.
    for (const op of ops) if (op.op === 'put') this.checkVersion(op.collection, op.key, op.expectVersion);
    // Serialise every value first too: a value that cannot be stored fails the batch before anything is written.
    for (const op of ops) if (op.op !== 'delete') JSON.stringify(op.value);
    const seqs: number[] = [];
    for (const op of ops) {
      if (op.op === 'put') this.write(op.collection, op.key, op.value);
      else if (op.op === 'delete') this.docs.get(op.collection)?.delete(op.key);
      else seqs.push(this.appendSync(op.stream, op.value));
    }
    return seqs;
  }

  async ping(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new Error('MemoryStorage is closed');
  }

  private checkVersion(collection: string, key: string, expected: number | null | undefined): void {
    if (expected === undefined) return;
    const actual = this.docs.get(collection)?.get(key)?.version ?? null;
    if (actual !== expected) throw new VersionConflictError(collection, key, expected, actual);
  }

  private write(collection: string, key: string, value: unknown): number {
    let docs = this.docs.get(collection);
    if (!docs) {
      docs = new Map();
      this.docs.set(collection, docs);
    }
    const version = (docs.get(key)?.version ?? 0) + 1;
    docs.set(key, { json: JSON.stringify(value), version });
    return version;
  }

  private appendSync(stream: string, value: unknown): number {
    let entries = this.streams.get(stream);
    if (!entries) {
      entries = [];
      this.streams.set(stream, entries);
    }
    const seq = (entries.at(-1)?.seq ?? this.heads.get(stream) ?? 0) + 1;
    entries.push({ seq, json: JSON.stringify(value), at: new Date() });
    return seq;
  }
}
