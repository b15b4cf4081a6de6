import type { ConversationRef } from '../../src/engine/types';
import type { HandoffCase } from '../../src/handoff/handoff-case';
import type { TicketStore } from '../../src/services/tickets/ticket-store';

/** Files a ticket for a citizen as the services room does when a form is confirmed. */
export async function fileTicket(tickets: TicketStore, ref: ConversationRef, fiscalCode: string) {
  const { ticket } = await tickets.create({
    submissionId: `sub-${ref.channel}-${ref.userId}-${Math.random()}`,
    service: 'pass-sosta-residenti',
    serviceTitle: { it: 'Pass sosta residenti', en: 'Resident parking permit' },
    fields: { codiceFiscale: fiscalCode, targa: 'AB123CD', note: null },
    summary: [
      { id: 'codiceFiscale', type: 'codice_fiscale', label: 'Codice fiscale', text: fiscalCode },
      { id: 'targa', type: 'text', label: 'Targa', text: 'AB123CD' },
    ],
    attachments: [{ contentType: 'image/jpeg', fileId: 'photo-of-id-card' }],
    ref,
    lang: 'it',
  });
  return ticket;
}

/** A closed handoff case with a callback contact left by the citizen. */
export function closedCase(id: string, ref: ConversationRef, closedAt: string): HandoffCase {
  return {
    id,
    conversation: `${ref.channel}:${ref.conversationId}`,
    ref: { ...ref, userName: 'Mario Rossi' },
    lang: 'it',
    reason: 'callback',
    status: 'closed',
    requestedAt: closedAt,
    forms: [{ dialogId: 'pass-sosta-residenti', step: 'targa', data: { codiceFiscale: 'RSSMRA80A01H501U' } }],
    callback: { contact: '333 123 4567', message: 'Richiamatemi, sono Mario Rossi' },
    operator: 'anna',
    closedAt,
    closedBy: 'anna',
    outcome: 'resolved',
  };
}
