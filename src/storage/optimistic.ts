import { VersionConflictError } from './errors';
import type { Storage } from './storage';

/** How {@link retryOnConflict} retries. */
export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Runs between a lost race and the next try (e.g. to read again what the work depends on). */
  onConflict?: (err: VersionConflictError, attempt: number) => Promise<void> | void;
}

/**
 * Runs `work` again each time it loses an optimistic-concurrency race (a {@link VersionConflictError}), up to
 * `attempts` tries; any other error, or the last conflict, is thrown. The work must read what it writes afresh
 * on every try.
 */
export async function retryOnConflict<T>(
  work: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (!(err instanceof VersionConflictError) || attempt >= options.attempts) throw err;
      await options.onConflict?.(err, attempt);
    }
  }
}

/**
 * Read-modify-write of one document with `expectVersion`, retried on conflicts. `change` returns the new value
 * or `undefined` for "nothing to do". Resolves whether something was written.
 */
export function updateVersioned<T>(
  storage: Storage,
  collection: string,
  key: string,
  change: (value: T) => unknown,
  attempts = 5,
): Promise<boolean> {
  return retryOnConflict(
    async () => {
      const stored = await storage.getVersioned<T>(collection, key);
      if (!stored) return false;
      const next = change(stored.value);
      if (next === undefined) return false;
      await storage.put(collection, key, next, { expectVersion: stored.version });
      return true;
    },
    { attempts },
  );
}
