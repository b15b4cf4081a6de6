import { TokenBuckets } from '../engine/token-buckets';

/** Login attempts allowed per minute, from one address and from everyone together (per instance). */
export interface LoginLimitSettings {
  perAddressPerMinute: number;
  globalPerMinute: number;
}

/** Why an attempt was refused and how many seconds to wait (`Retry-After`). */
export interface LoginRefusal {
  scope: 'address' | 'global';
  retryAfter: number;
}

/** Ten seconds' worth of a per-minute rate at once, and never fewer than 10. */
const burstOf = (perMinute: number) => Math.max(10, Math.ceil(perMinute / 6));

/**
 * Rate limits on console login attempts, before any password is checked: per client address (one client's
 * guessing or flooding) and for the whole instance (many addresses at once). Each password check costs a fifth
 * of a second of a core, so the global limit caps what logins can take of the machine, while the refusals
 * cost next to nothing. Bursts are limited to ten seconds' worth (at least 10), so a burst never queues long.
 * A successful login gives its attempt back: the operators of one office behind one address, all logging in
 * at opening time, only ever use the limits for their typos.
 */
export class LoginLimits {
  private readonly perAddress: TokenBuckets;
  private readonly global: TokenBuckets;

  constructor(settings: LoginLimitSettings, now?: () => number) {
    const bucket = (perMinute: number) => ({
      capacity: burstOf(perMinute),
      perPeriod: perMinute,
      periodMs: 60_000,
      ...(now ? { now } : {}),
    });
    this.perAddress = new TokenBuckets(bucket(settings.perAddressPerMinute));
    this.global = new TokenBuckets(bucket(settings.globalPerMinute));
  }

  /** Counts an attempt from `ip`; undefined when it may go on, otherwise the refusal. */
  admit(ip: string): LoginRefusal | undefined {
    const fromAddress = this.perAddress.take(ip);
    if (fromAddress) return { scope: 'address', retryAfter: fromAddress };
    const overall = this.global.take('');
    if (!overall) return undefined;
    // Not this address's doing: its attempt is not held against it.
    this.perAddress.giveBack(ip);
    return { scope: 'global', retryAfter: overall };
  }

  /** The attempt from `ip` admitted by {@link admit} logged in: it does not count. */
  succeeded(ip: string): void {
    this.perAddress.giveBack(ip);
    this.global.giveBack('');
  }
}
