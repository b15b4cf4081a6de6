import type { Logger } from 'pino';
import type { Storage } from '../storage/storage';
import type { EventBus } from './event-bus';
import { LocalEventBus } from './local-event-bus';
import { PostgresEventBus } from './postgres-event-bus';

/** What {@link createEventBus} needs. */
export interface CreateEventBusOptions {
  /** `DATABASE_URL`: PostgreSQL gets LISTEN/NOTIFY; SQLite and memory (one instance) the in-process bus. */
  url: string;
  storage: Storage;
  logger: Logger;
}

/** Opens the event bus matching the storage backend named by `DATABASE_URL`. */
export async function createEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  if (/^postgres(ql)?:\/\//.test(options.url))
    return PostgresEventBus.open({
      connectionString: options.url,
      storage: options.storage,
      logger: options.logger,
    });
  return new LocalEventBus(options.logger);
}
