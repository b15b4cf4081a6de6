import type { Storage } from '../storage/storage';

/** Storage collection of failed-login counters, keyed by `username|ip`. */
export const LOCKOUTS = 'console-lockouts';
/** Failures allowed before the username is locked for that address. */
export const MAX_FAILURES = 5;
/** How long a lock lasts. */
export const LOCK_MINUTES = 15;

interface Failures {
  count: number;
  lockedUntil?: string;
}

/** Brute-force protection: 5 wrong passwords for one username from one address lock it there for 15 minutes. */
export class LoginLockout {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** When the pair is locked, until when; otherwise undefined. */
  async lockedUntil(username: string, ip: string): Promise<Date | undefined> {
    const f = await this.storage.get<Failures>(LOCKOUTS, key(username, ip));
    if (!f?.lockedUntil) return undefined;
    const until = new Date(f.lockedUntil);
    return until > this.now() ? until : undefined;
  }

  /** Counts a failure; resolves true when this failure locked the pair. */
  async fail(username: string, ip: string): Promise<boolean> {
    const k = key(username, ip);
    const f = await this.storage.get<Failures>(LOCKOUTS, k);
    // A lock that ran out starts a fresh count.
    const count = f?.lockedUntil && new Date(f.lockedUntil) <= this.now() ? 1 : (f?.count ?? 0) + 1;
    const locked = count >= MAX_FAILURES;
    const lockedUntil = locked
      ? new Date(this.now().getTime() + LOCK_MINUTES * 60_000).toISOString()
      : undefined;
    await this.storage.put(LOCKOUTS, k, {
      count: locked ? 0 : count,
      ...(lockedUntil ? { lockedUntil } : {}),
    });
    return locked;
  }

  /** Forgets the failures after a successful login. */
  async succeed(username: string, ip: string): Promise<void> {
    await this.storage.delete(LOCKOUTS, key(username, ip));
  }
}

function key(username: string, ip: string): string {
  return `${username.trim().toLowerCase()}|${ip}`;
}
