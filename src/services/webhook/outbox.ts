import { randomUUID } from 'node:crypto';
import type { BatchOp } from '../../storage/storage';
import type { Ticket } from '../tickets/ticket';

/** Storage collection of webhook events not yet delivered (keys sort by creation time). */
export const OUTBOX = 'webhook-outbox';

/** Storage counter ordering outbox events (events of the same millisecond keep their order). */
export const OUTBOX_COUNTER = 'webhook-outbox';

/** The event types sent to the webhook. */
export type WebhookEventType = 'ticket.created' | 'ticket.updated';

/** The JSON body POSTed to the webhook. `id` is stable across retries, for the receiver's de-duplication. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: { ticket: Ticket };
}

/** An outbox document: the event and its delivery attempts. */
export interface OutboxEntry {
  event: WebhookEvent;
  attempts: number;
  /** ISO time before which no retry is made. */
  nextAttemptAt: string;
  lastError?: string;
}

/** A new webhook event about a ticket. */
export function newEvent(type: WebhookEventType, ticket: Ticket, now: Date): WebhookEvent {
  return { id: randomUUID(), type, createdAt: now.toISOString(), data: { ticket } };
}

/**
 * The batch write that puts an event in the outbox, to be committed together with the ticket change. `seq`
 * comes from {@link OUTBOX_COUNTER}, so keys sort in the order the changes happened.
 */
export function outboxOp(event: WebhookEvent, seq: number): BatchOp {
  const entry: OutboxEntry = { event, attempts: 0, nextAttemptAt: event.createdAt };
  return {
    op: 'put',
    collection: OUTBOX,
    key: String(seq).padStart(15, '0'),
    value: entry,
    expectVersion: null,
  };
}
