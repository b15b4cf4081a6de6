import type { Logger } from 'pino';
import { LocalLeaderLock } from '../cluster/leader-lock';
import { LocalEventBus } from '../events/local-event-bus';
import { SportelloError } from '../shared/errors';
import type { Storage } from '../storage/storage';
import type { Backend, BackendDefinition } from './backend';
import { memoryBackend, postgresBackend, sqliteBackend } from './builtin-backends';

/** `DATABASE_URL` names no registered backend. */
export class UnsupportedDatabaseError extends SportelloError {
  constructor(readonly url: string) {
    super('unsupported_database', `Unsupported DATABASE_URL scheme: ${url.split(':')[0]}`);
  }
}

const backends: BackendDefinition[] = [sqliteBackend, postgresBackend, memoryBackend];

/** Adds a backend; later registrations are tried first, so a plug-in may take over a scheme. */
export function registerBackend(definition: BackendDefinition): void {
  backends.unshift(definition);
}

/** The backend `DATABASE_URL` names, or undefined. */
export function findBackend(url: string): BackendDefinition | undefined {
  return backends.find((b) => b.matches(url));
}

/** Names of the registered backends, for configuration errors. */
export function backendNames(): string[] {
  return backends.map((b) => b.name);
}

/** Opens only the storage `DATABASE_URL` names (the command-line tools). */
export function openStorage(url: string): Promise<Storage> {
  const definition = findBackend(url);
  if (!definition) throw new UnsupportedDatabaseError(url);
  return definition.openStorage(url);
}

/**
 * Opens the backend `DATABASE_URL` names: its storage, and the bus and leader locks that match it (in-process
 * ones for a single-instance backend). The one place where Sportello decides what a URL means.
 */
export async function openBackend(url: string, logger: Logger): Promise<Backend> {
  const definition = findBackend(url);
  if (!definition) throw new UnsupportedDatabaseError(url);
  const storage = await definition.openStorage(url);
  const bus = definition.openBus
    ? await definition.openBus(url, { storage, logger })
    : new LocalEventBus(logger);
  const { leaderLock } = definition;
  return {
    name: definition.name,
    storage,
    bus,
    multiInstance: definition.openBus !== undefined,
    leaderLock: (name) => (leaderLock ? leaderLock(url, name, logger) : new LocalLeaderLock(name)),
  };
}
