import type { Logger } from 'pino';
import type { LeaderLock } from './leader-lock';
import { LocalLeaderLock } from './leader-lock';
import { PostgresLeaderLock } from './postgres-leader-lock';

/** What {@link createLeaderLock} needs. */
export interface CreateLeaderLockOptions {
  /** `DATABASE_URL`: PostgreSQL gets an advisory lock; SQLite and memory (one instance) always lead. */
  url: string;
  name: string;
  logger: Logger;
  intervalMs?: number;
}

/** Creates the leader lock matching the storage backend named by `DATABASE_URL` (not started yet). */
export function createLeaderLock(options: CreateLeaderLockOptions): LeaderLock {
  if (/^postgres(ql)?:\/\//.test(options.url))
    return new PostgresLeaderLock({
      connectionString: options.url,
      name: options.name,
      logger: options.logger,
      ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    });
  return new LocalLeaderLock(options.name);
}
