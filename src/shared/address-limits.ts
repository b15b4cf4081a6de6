import { type TokenBucketOptions, TokenBuckets } from './token-buckets';

/** A bucket's size and refill: `capacity` at once, `perPeriod` more every `periodMs`. */
export type BucketSettings = Pick<TokenBucketOptions, 'capacity' | 'perPeriod' | 'periodMs'>;

/** Why something was refused and how many seconds to wait (`Retry-After`). */
export interface LimitRefusal {
  scope: 'address' | 'global';
  retryAfter: number;
}

/**
 * A limit per client address and, optionally, one on everyone together (per instance): what one client may
 * do, and what all of them together may make this instance do. Refusals cost a map lookup.
 */
export class AddressLimits {
  private readonly perAddress: TokenBuckets;
  private readonly global: TokenBuckets | undefined;

  constructor(settings: { perAddress: BucketSettings; global?: BucketSettings }, now?: () => number) {
    const clock = now ? { now } : {};
    this.perAddress = new TokenBuckets({ ...settings.perAddress, ...clock });
    this.global = settings.global ? new TokenBuckets({ ...settings.global, ...clock }) : undefined;
  }

  /** Counts one from `address`; undefined when it may go on, otherwise the refusal (nothing counted). */
  admit(address: string): LimitRefusal | undefined {
    const fromAddress = this.perAddress.take(address);
    if (fromAddress) return { scope: 'address', retryAfter: fromAddress };
    const overall = this.global?.take('') ?? 0;
    if (!overall) return undefined;
    // Not this address's doing: it is not held against it.
    this.perAddress.giveBack(address);
    return { scope: 'global', retryAfter: overall };
  }

  /** Gives back what {@link admit} counted for `address` (the thing did not count after all). */
  giveBack(address: string): void {
    this.perAddress.giveBack(address);
    this.global?.giveBack('');
  }
}
