import { SportelloError } from '../engine/errors';
import { MemoryStorage } from './memory-storage';
import { PostgresStorage } from './postgres-storage';
import { SqliteStorage } from './sqlite-storage';
import type { Storage } from './storage';

/** `DATABASE_URL` names a backend this build does not have. */
export class UnsupportedDatabaseError extends SportelloError {
  constructor(readonly url: string) {
    super('unsupported_database', `Unsupported DATABASE_URL scheme: ${url.split(':')[0]}`);
  }
}

/** Opens the storage backend named by `DATABASE_URL` (`sqlite:<file>`, `postgres://…`, `memory:`). */
export async function createStorage(url: string): Promise<Storage> {
  if (url.startsWith('sqlite:'))
    return new SqliteStorage(url.slice('sqlite:'.length) || './data/sportello.db');
  if (url.startsWith('memory:')) return new MemoryStorage();
  if (/^postgres(ql)?:\/\//.test(url)) return PostgresStorage.open({ connectionString: url });
  throw new UnsupportedDatabaseError(url);
}
