import { SportelloError } from '../shared/errors';
import { VersionConflictError } from '../storage/errors';
import type { Storage, Versioned } from '../storage/storage';

/** Storage collection of login attempt records, keyed by `username|ip`. */
export const LOCKOUTS = 'console-lockouts';
/** Failures allowed before the username is locked for that address. */
export const MAX_FAILURES = 5;
/** How long a lock lasts. */
export const LOCK_MINUTES = 15;
/** How long an admitted attempt holds its place when its outcome is never told (the process died meanwhile). */
const ATTEMPT_SECONDS = 60;
/** Compare-and-set rounds before giving up (each lost round means another attempt's write went through). */
const MAX_ROUNDS = 50;

/** A pair's record: failures counted, attempts being checked, and the lock. */
interface Attempts {
  failures: number;
  /** One deadline per admitted attempt whose password is being checked. */
  pending: string[];
  lockedUntil?: string;
}

/** The answer to {@link LoginLockout.begin}. */
export type Admission =
  | { admitted: true; ticket: string }
  /** `locked`: five failures; `busy`: five attempts already counted (being checked). */
  | { admitted: false; reason: 'locked' | 'busy'; until: Date };

/** The attempt record kept changing under every write: too many attempts at once for one pair. */
export class LockoutContentionError extends SportelloError {
  constructor(readonly key: string) {
    super('lockout_contention', `Too many simultaneous login attempts for ${key}`);
  }
}

/**
 * Brute-force protection: 5 wrong passwords for one username from one address lock it there for 15 minutes.
 * An attempt is counted before its password is checked ({@link LoginLockout.begin}), so at most 5 checks run
 * however many requests arrive together; every change is a compare-and-set on the record's version, so this
 * holds across instances sharing PostgreSQL too.
 */
export class LoginLockout {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Counts an attempt before its password is checked. Admitted while the pair is not locked and fewer than
   * {@link MAX_FAILURES} failures and pending attempts are counted; the ticket must then be given to
   * {@link fail} or {@link succeed}.
   */
  async begin(username: string, ip: string): Promise<Admission> {
    let ticket = '';
    let refusal: Admission | undefined;
    await this.change(username, ip, (a, now) => {
      refusal = undefined;
      if (a.lockedUntil) {
        refusal = { admitted: false, reason: 'locked', until: new Date(a.lockedUntil) };
        return undefined;
      }
      if (a.failures + a.pending.length >= MAX_FAILURES) {
        const first = a.pending.map((d) => new Date(d)).sort((x, y) => x.getTime() - y.getTime())[0];
        refusal = { admitted: false, reason: 'busy', until: first ?? lockEnd(now) };
        return undefined;
      }
      ticket = new Date(now.getTime() + ATTEMPT_SECONDS * 1000).toISOString();
      return { ...a, pending: [...a.pending, ticket] };
    });
    return refusal ?? { admitted: true, ticket };
  }

  /** Records that the attempt's password was wrong; resolves true when this failure locked the pair. */
  async fail(username: string, ip: string, ticket: string): Promise<boolean> {
    let locked = false;
    await this.change(username, ip, (a, now) => {
      const failures = a.failures + 1;
      locked = failures >= MAX_FAILURES && !a.lockedUntil;
      const pending = without(a.pending, ticket);
      if (!locked) return { ...a, failures, pending };
      return { failures: 0, pending, lockedUntil: lockEnd(now).toISOString() };
    });
    return locked;
  }

  /**
   * Records that the attempt's password was right: the failures are forgotten. Resolves false, and changes
   * nothing, when the pair got locked meanwhile (the login must then be refused).
   */
  async succeed(username: string, ip: string, ticket: string): Promise<boolean> {
    let ok = true;
    await this.change(username, ip, (a) => {
      ok = !a.lockedUntil;
      return ok ? { failures: 0, pending: without(a.pending, ticket) } : undefined;
    });
    return ok;
  }

  /**
   * Reads the pair's record and writes what `update` makes of it, only if nobody wrote it meanwhile; otherwise
   * reads again. `update` gets the record with expired attempts and an expired lock cleared; undefined writes
   * nothing. Records are never deleted: a deleted record re-created would restart its version, and a write
   * expecting the old version could then go through.
   */
  private async change(
    username: string,
    ip: string,
    update: (a: Attempts, now: Date) => Attempts | undefined,
  ): Promise<void> {
    const k = key(username, ip);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const stored = await this.storage.getVersioned<Partial<Attempts> & { count?: number }>(LOCKOUTS, k);
      const now = this.now();
      const next = update(current(stored, now), now);
      if (!next) return;
      try {
        await this.storage.put(LOCKOUTS, k, next, { expectVersion: stored?.version ?? null });
        return;
      } catch (err) {
        if (!(err instanceof VersionConflictError)) throw err;
      }
    }
    throw new LockoutContentionError(k);
  }
}

/** The record as it stands at `now` (records written before attempts were counted have `count`). */
function current(stored: Versioned<Partial<Attempts> & { count?: number }> | undefined, now: Date): Attempts {
  const value = stored?.value;
  const pending = (value?.pending ?? []).filter((d) => new Date(d) > now);
  if (!value || (value.lockedUntil && new Date(value.lockedUntil) <= now)) return { failures: 0, pending };
  const failures = value.failures ?? value.count ?? 0;
  return value.lockedUntil ? { failures, pending, lockedUntil: value.lockedUntil } : { failures, pending };
}

/** The list without one occurrence of `item`. */
function without(list: string[], item: string): string[] {
  const i = list.indexOf(item);
  return i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
}

function lockEnd(now: Date): Date {
  return new Date(now.getTime() + LOCK_MINUTES * 60_000);
}

function key(username: string, ip: string): string {
  return `${username.trim().toLowerCase()}|${ip}`;
}
