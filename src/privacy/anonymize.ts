import type { HandoffCase } from '../handoff/handoff-case';
import type { Ticket, TicketPayment } from '../services/tickets/ticket';
import { redactPii } from './redact';

/** What replaces a citizen's personal data in records the city hall must keep. */
export const ERASED = '[cancellato]';

/** Why personal data was erased: the citizen asked, or the retention period ran out. */
export type ErasureReason = 'request' | 'retention';

/** A ticket after erasure: the administrative record stays, the personal data is gone. */
export type AnonymizedTicket = Ticket & { personalDataErasedAt: string; personalDataErasedBy: ErasureReason };

/** A handoff case after erasure. */
export type AnonymizedCase = HandoffCase & {
  personalDataErasedAt: string;
  personalDataErasedBy: ErasureReason;
};

/** True when the record's personal data was already erased. */
export function isErased(record: object): boolean {
  return typeof (record as { personalDataErasedAt?: unknown }).personalDataErasedAt === 'string';
}

/** A ticket's payment without who owes it. */
function withoutDebtor({ debtor: _debtor, ...payment }: TicketPayment): TicketPayment {
  return payment;
}

/**
 * A ticket with its personal data replaced by {@link ERASED}: answers, readable summary, attachments and the
 * citizen's channel ids. Protocol number, service, status, dates, bookings and the status history stay (a city
 * hall must keep its protocol records); back-office notes keep their text with personal data redacted.
 */
export function anonymizeTicket(ticket: Ticket, at: Date, reason: ErasureReason): AnonymizedTicket {
  const fields: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(ticket.fields)) fields[id] = value === null ? null : ERASED;
  // The identity verified with SPID/CIE, the codice fiscale given for app IO and the pagoPA debtor are
  // personal data too: the ticket no longer says whose it was (the payment's amounts and codes stay).
  const { identity: _identity, io: _io, payment, ...kept } = ticket;
  return {
    ...kept,
    ...(payment ? { payment: withoutDebtor(payment) } : {}),
    fields,
    summary: ticket.summary.map((f) => ({ ...f, text: ERASED })),
    attachments: [],
    ref: { channel: ticket.ref.channel, conversationId: ERASED, userId: ERASED },
    history: ticket.history.map((e) => (e.note ? { ...e, note: redactPii(e.note) } : e)),
    personalDataErasedAt: at.toISOString(),
    personalDataErasedBy: reason,
  };
}

/**
 * A handoff case with its personal text replaced: the fields of forms that were running, the callback contact
 * and message, the citizen's display name, and (once closed) the channel user id. Id, dates, reason, operator,
 * outcome and rating stay for the office's statistics; an open case keeps its conversation so the operator's
 * answer still reaches the citizen.
 */
export function anonymizeCase(c: HandoffCase, at: Date, reason: ErasureReason): AnonymizedCase {
  const { userName: _name, ...ref } = c.ref;
  return {
    ...c,
    ref: c.status === 'closed' ? { ...ref, conversationId: ERASED, userId: ERASED } : ref,
    ...(c.status === 'closed' ? { conversation: ERASED } : {}),
    forms: c.forms.map((f) => ({ ...f, data: {} })),
    ...(c.callback ? { callback: { contact: ERASED, message: ERASED } } : {}),
    personalDataErasedAt: at.toISOString(),
    personalDataErasedBy: reason,
  };
}
