import path from 'node:path';
import { PostgresLeaderLock } from '../cluster/postgres-leader-lock';
import { PostgresEventBus } from '../events/postgres-event-bus';
import { MemoryStorage } from '../storage/memory-storage';
import { PostgresStorage } from '../storage/postgres-storage';
import { SqliteStorage } from '../storage/sqlite-storage';
import type { BackendDefinition } from './backend';

/** The database file a `sqlite:` URL names (the default when it names none). */
function sqliteFile(url: string): string {
  return url.slice('sqlite:'.length) || './data/sportello.db';
}

/** Embedded SQLite, the default: one instance, `sqlite:<file>`. */
export const sqliteBackend: BackendDefinition = {
  name: 'sqlite',
  matches: (url) => url.startsWith('sqlite:'),
  openStorage: async (url) => new SqliteStorage(sqliteFile(url)),
  localDir: (url) => path.dirname(sqliteFile(url)),
};

/** In memory, for tests and demos: `memory:`. */
export const memoryBackend: BackendDefinition = {
  name: 'memory',
  matches: (url) => url.startsWith('memory:'),
  openStorage: async () => new MemoryStorage(),
};

/** PostgreSQL for several instances: LISTEN/NOTIFY bus and advisory-lock leaders, `postgres://…`. */
export const postgresBackend: BackendDefinition = {
  name: 'postgres',
  matches: (url) => /^postgres(ql)?:\/\//.test(url),
  openStorage: (url) => PostgresStorage.open({ connectionString: url }),
  openBus: (url, { storage, logger }) => PostgresEventBus.open({ connectionString: url, storage, logger }),
  leaderLock: (url, name, logger) => new PostgresLeaderLock({ connectionString: url, name, logger }),
};
