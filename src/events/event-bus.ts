/**
 * The event bus contract: how instances sharing one database tell each other that something happened
 * (a Direct Line activity was stored, a handoff case changed, an operator logged out). Events are hints,
 * not data: the payload names what changed and receivers read the rest from storage, so a missed event
 * is repaired by the next one or by a resync after a reconnection.
 */

/** Receives the payload of one event; validate it (zod) before use, it may come from another instance. */
export type EventHandler = (payload: unknown) => void | Promise<void>;

/** Topic names: lower case, dot separated (`dl.activity`, `console.event`). */
export const TOPIC = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/**
 * A publish/subscribe bus spanning every instance that shares the database. Each event reaches every
 * subscriber of its topic on every instance, this one included, in publication order per publisher.
 * Delivery is at most once: after a lost connection, {@link EventBus.onResync} tells subscribers to catch
 * up from storage.
 */
export interface EventBus {
  /** `local` (one process: SQLite, memory) or `postgres` (LISTEN/NOTIFY). */
  readonly kind: string;
  /**
   * Publishes an event (JSON-serialisable payload). Resolves once handed to the transport; never rejects:
   * a failure is logged, since the caller's own write already succeeded.
   */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Subscribes to a topic; returns the unsubscribe function. */
  subscribe(topic: string, handler: EventHandler): () => void;
  /** Called after the bus reconnected, when events may have been missed; returns the unsubscribe function. */
  onResync(handler: () => void): () => void;
  /** Stops delivering and releases connections. */
  close(): Promise<void>;
}
