import { AddressLimits, type LimitRefusal } from '../shared/address-limits';

/** Login attempts allowed per minute, from one address and from everyone together (per instance). */
export interface LoginLimitSettings {
  perAddressPerMinute: number;
  globalPerMinute: number;
}

/** A per-minute rate in bursts of ten seconds' worth, and never fewer than `least`. */
const perMinute = (n: number, least: number) => ({
  capacity: Math.max(least, Math.ceil(n / 6)),
  perPeriod: n,
  periodMs: 60_000,
});

/**
 * Rate limits on console login attempts, before any password is checked: per client address (one client's
 * guessing or flooding) and for the whole instance (many addresses at once). Each password check costs a fifth
 * of a second of a core, so the global limit caps what logins can take of the machine, while the refusals
 * cost next to nothing. Bursts are limited to ten seconds' worth (at least 10 per address, 3 for the instance),
 * so a burst never takes a core for long.
 * A successful login gives its attempt back: the operators of one office behind one address, all logging in
 * at opening time, only ever use the limits for their typos.
 */
export class LoginLimits {
  private readonly limits: AddressLimits;

  constructor(settings: LoginLimitSettings, now?: () => number) {
    this.limits = new AddressLimits(
      // One office's few typos at opening time fit in an address's burst; the instance's burst is kept small,
      // as each attempt in it is a fifth of a second of a core taken at once.
      {
        perAddress: perMinute(settings.perAddressPerMinute, 10),
        global: perMinute(settings.globalPerMinute, 3),
      },
      now,
    );
  }

  /** Counts an attempt from `ip`; undefined when it may go on, otherwise the refusal. */
  admit(ip: string): LimitRefusal | undefined {
    return this.limits.admit(ip);
  }

  /** The attempt from `ip` admitted by {@link admit} logged in: it does not count. */
  succeeded(ip: string): void {
    this.limits.giveBack(ip);
  }
}
