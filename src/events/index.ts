export { EventBusUnavailableError, InvalidTopicError } from './errors';
export type { EventBus, EventHandler } from './event-bus';
export { LocalEventBus } from './local-event-bus';
export { EVENT_PAYLOADS, MAX_NOTIFY_BYTES, PostgresEventBus } from './postgres-event-bus';
