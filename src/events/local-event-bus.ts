import type { Logger } from 'pino';
import type { EventBus, EventHandler } from './event-bus';
import { checkTopic, Subscribers } from './subscribers';

/**
 * The {@link EventBus} of a single process (SQLite and memory storage, where one instance is assumed):
 * events go straight to this process's subscribers, on a later microtask so a publisher is never
 * re-entered by its own handlers.
 */
export class LocalEventBus implements EventBus {
  readonly kind = 'local';
  private readonly subscribers: Subscribers;
  private closed = false;

  constructor(logger: Logger) {
    this.subscribers = new Subscribers(logger);
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    checkTopic(topic);
    if (this.closed) return;
    // A JSON round trip, as over the wire: handlers never share objects with the publisher.
    const copy: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
    queueMicrotask(() => {
      if (!this.closed) this.subscribers.dispatch(topic, copy);
    });
  }

  subscribe(topic: string, handler: EventHandler): () => void {
    return this.subscribers.add(topic, handler);
  }

  onResync(handler: () => void): () => void {
    // One process never loses its own events.
    return this.subscribers.addResync(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
  }
}
