import { VersionConflictError } from '../storage/errors';
import type { Storage } from '../storage/storage';

/** Storage collection of leases: which instance may run a periodic job right now. */
export const LEASES = 'privacy-leases';

interface LeaseRecord {
  holder: string;
  /** ISO time after which another instance may take the lease. */
  until: string;
}

/**
 * A lease document taken with optimistic concurrency, so that among several instances sharing one database
 * only one runs a job at a time. A holder that dies loses the lease when it expires.
 */
export class Lease {
  constructor(
    private readonly storage: Storage,
    private readonly name: string,
    private readonly holder: string,
  ) {}

  /** Takes the lease until `now + ttlMs` if it is free, expired or already ours; resolves whether it was taken. */
  async acquire(now: Date, ttlMs: number): Promise<boolean> {
    const stored = await this.storage.getVersioned<LeaseRecord>(LEASES, this.name);
    if (stored && stored.value.holder !== this.holder && new Date(stored.value.until) > now) return false;
    const record: LeaseRecord = { holder: this.holder, until: new Date(now.getTime() + ttlMs).toISOString() };
    try {
      await this.storage.put(LEASES, this.name, record, { expectVersion: stored?.version ?? null });
      return true;
    } catch (err) {
      if (err instanceof VersionConflictError) return false; // another instance took it first
      throw err;
    }
  }

  /** Gives the lease back early (when still ours), so the next run need not wait for it to expire. */
  async release(now: Date): Promise<void> {
    const stored = await this.storage.getVersioned<LeaseRecord>(LEASES, this.name);
    if (!stored || stored.value.holder !== this.holder) return;
    const record: LeaseRecord = { holder: this.holder, until: now.toISOString() };
    await this.storage.put(LEASES, this.name, record, { expectVersion: stored.version }).catch((err) => {
      if (!(err instanceof VersionConflictError)) throw err;
    });
  }
}
