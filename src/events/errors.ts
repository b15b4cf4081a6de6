import { SportelloError } from '../shared/errors';

/** A topic name that is not lower-case dot-separated words (a programming error). */
export class InvalidTopicError extends SportelloError {
  constructor(readonly topic: string) {
    super('invalid_topic', `Invalid event topic "${topic}"`);
  }
}

/** The event bus could not connect to its backend at start-up. */
export class EventBusUnavailableError extends SportelloError {
  constructor(message: string, cause: unknown) {
    super('event_bus_unavailable', message, { cause });
  }
}
