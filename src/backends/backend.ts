import type { Logger } from 'pino';
import type { LeaderLock } from '../cluster/leader-lock';
import type { EventBus } from '../events/event-bus';
import type { Storage } from '../storage/storage';

/**
 * A storage backend as a plug-in: how to recognise its `DATABASE_URL`, open its storage and, when several
 * instances may share it, the event bus and leader locks that let them cooperate. Register one with
 * `registerBackend()` (docs/extending.md); every backend must pass the storage contract suite.
 */
export interface BackendDefinition {
  /** Short name for logs and errors (e.g. `sqlite`). */
  readonly name: string;
  /** True when `DATABASE_URL` names this backend (e.g. starts with `sqlite:`). */
  matches(url: string): boolean;
  /** Opens the storage the URL names. */
  openStorage(url: string): Promise<Storage>;
  /**
   * For backends several instances share: the bus that tells the others about new activities and console
   * events. Without it the backend is single-instance and gets the in-process bus.
   */
  openBus?(url: string, deps: { storage: Storage; logger: Logger }): Promise<EventBus>;
  /** For a backend kept in a local file: its folder, where files citizens send go unless `FILES_DIR` says. */
  localDir?(url: string): string;
  /** For shared backends: a named lock at most one instance holds (else every instance leads). */
  leaderLock?(url: string, name: string, logger: Logger): LeaderLock;
}

/** An opened backend: what the composition root wires the rooms to. */
export interface Backend {
  readonly name: string;
  readonly storage: Storage;
  readonly bus: EventBus;
  /** True when other instances may share this storage (each turn then reads state afresh). */
  readonly multiInstance: boolean;
  /** A named leader lock, not started yet. */
  leaderLock(name: string): LeaderLock;
}
