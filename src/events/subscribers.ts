import type { Logger } from 'pino';
import { InvalidTopicError } from './errors';
import { type EventHandler, TOPIC } from './event-bus';

/** The handlers of one process, by topic, shared by every {@link EventBus} implementation. */
export class Subscribers {
  private readonly byTopic = new Map<string, Set<EventHandler>>();
  private readonly resync = new Set<() => void>();

  constructor(private readonly logger: Logger) {}

  /** Adds a handler; returns its removal. */
  add(topic: string, handler: EventHandler): () => void {
    checkTopic(topic);
    let set = this.byTopic.get(topic);
    if (!set) {
      set = new Set();
      this.byTopic.set(topic, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Adds a resync handler; returns its removal. */
  addResync(handler: () => void): () => void {
    this.resync.add(handler);
    return () => {
      this.resync.delete(handler);
    };
  }

  /** Calls every handler of the topic; a failing handler is logged and does not stop the others. */
  dispatch(topic: string, payload: unknown): void {
    for (const handler of this.byTopic.get(topic) ?? []) {
      try {
        const result = handler(payload);
        if (result) result.catch((err: unknown) => this.logger.error({ err, topic }, 'event handler failed'));
      } catch (err) {
        this.logger.error({ err, topic }, 'event handler failed');
      }
    }
  }

  /** Calls every resync handler. */
  dispatchResync(): void {
    for (const handler of this.resync) {
      try {
        handler();
      } catch (err) {
        this.logger.error({ err }, 'event resync handler failed');
      }
    }
  }

  /** Forgets every handler. */
  clear(): void {
    this.byTopic.clear();
    this.resync.clear();
  }
}

/** Throws {@link InvalidTopicError} unless the topic is well formed. */
export function checkTopic(topic: string): void {
  if (!TOPIC.test(topic)) throw new InvalidTopicError(topic);
}
