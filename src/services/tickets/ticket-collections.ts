import type { ConversationRef } from '../../engine/types';
import type { BatchOp } from '../../storage/storage';
import type { Ticket } from './ticket';

/** Storage collection of tickets, keyed by protocol number. */
export const TICKETS = 'tickets';
/** Storage collection indexing a citizen's tickets: `channel|userId|protocol`. */
export const CITIZEN_TICKETS = 'tickets-by-citizen';
/**
 * Storage collection indexing tickets confirmed by a citizen verified with SPID/CIE: `fiscalNumber|protocol`.
 * Written only from a verified identity, never from a typed codice fiscale.
 */
export const VERIFIED_TICKETS = 'tickets-by-verified-fiscal-number';
/** Storage collection mapping a form submission id to its protocol, so a confirmation is stored once. */
export const SUBMISSIONS = 'ticket-submissions';

/** The prefix of a citizen's index keys in {@link CITIZEN_TICKETS}: same channel and same user id. */
export function citizenTicketPrefix(ref: Pick<ConversationRef, 'channel' | 'userId'>): string {
  return `${encodeURIComponent(ref.channel)}|${encodeURIComponent(ref.userId)}|`;
}

/** The key prefix of a verified citizen's entries in {@link VERIFIED_TICKETS}. */
export function verifiedTicketPrefix(fiscalNumber: string): string {
  return `${fiscalNumber}|`;
}

/**
 * The writes storing a new ticket with its entries in the citizen indexes and its submission marker; the
 * ticket and the marker are conditional inserts, so a protocol or a submission is never stored twice.
 */
export function newTicketOps(ticket: Ticket, submissionId: string): BatchOp[] {
  return [
    { op: 'put', collection: TICKETS, key: ticket.protocol, value: ticket, expectVersion: null },
    {
      op: 'put',
      collection: CITIZEN_TICKETS,
      key: citizenTicketPrefix(ticket.ref) + ticket.protocol,
      value: { protocol: ticket.protocol },
    },
    {
      op: 'put',
      collection: SUBMISSIONS,
      key: submissionId,
      value: { protocol: ticket.protocol },
      expectVersion: null,
    },
    ...(ticket.identity
      ? [
          {
            op: 'put' as const,
            collection: VERIFIED_TICKETS,
            key: verifiedTicketPrefix(ticket.identity.fiscalNumber) + ticket.protocol,
            value: { protocol: ticket.protocol },
          },
        ]
      : []),
  ];
}
