import { BoundedMap } from './bounded-map';

/** Settings of {@link TokenBuckets}: `capacity` at once, `perPeriod` more every `periodMs`. */
export interface TokenBucketOptions {
  /** Most taken at once (a full bucket). */
  capacity: number;
  /** Tokens added back every `periodMs`, continuously. */
  perPeriod: number;
  periodMs: number;
  /** Keys remembered at most; past it the oldest is forgotten (gets a full bucket again). */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * One token bucket per key (a client address, a conversation, or `''` for a limit on everyone), in memory:
 * each instance counts for itself. Memory stays bounded: full buckets are forgotten, and at most `maxKeys` are
 * kept.
 */
export class TokenBuckets {
  private readonly buckets: BoundedMap<string, Bucket>;
  private readonly now: () => number;
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.buckets = new BoundedMap(options.maxKeys ?? DEFAULT_MAX_KEYS);
    this.now = options.now ?? Date.now;
    this.refillPerMs = options.perPeriod / options.periodMs;
    this.lastSweep = this.now();
  }

  /**
   * Takes one token from the key's bucket. Resolves 0 when taken; otherwise nothing is taken and the answer is
   * the number of whole seconds until a token will be there (for `Retry-After`).
   */
  take(key: string): number {
    const t = this.now();
    this.sweep(t);
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at: t };
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + (t - bucket.at) * this.refillPerMs);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  /** Gives back a token taken for work that did not happen after all. */
  giveBack(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.options.capacity, bucket.tokens + 1);
  }

  /** Forgets buckets that have filled up again, at most once a period. */
  private sweep(t: number): void {
    if (t - this.lastSweep < this.options.periodMs) return;
    this.lastSweep = t;
    for (const [key, b] of this.buckets)
      if (b.tokens + (t - b.at) * this.refillPerMs >= this.options.capacity) this.buckets.delete(key);
  }
}
