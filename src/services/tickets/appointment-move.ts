import type { BatchOp, Storage } from '../../storage/storage';
import { slotOfPlace } from '../slots';
import { releaseOps, type SlotRequest } from './slot-places';
import type { Ticket, TicketEvent } from './ticket';

/** Moving a ticket's appointment to another slot (see {@link TicketStore.moveAppointment}). */
export interface AppointmentMove {
  /** The appointment step's id. */
  step: string;
  /** The new answer and its readable Italian text for the summary. */
  value: string;
  text: string;
  /** The slot key of the current appointment, whose place is given back. */
  from: string;
  /** The new slot. */
  to: SlotRequest;
  /** Said in the ticket's history, e.g. "Appuntamento spostato da … a …". */
  note: string;
  by?: TicketEvent['by'];
}

/**
 * Applies a move to the ticket (answer, summary, bookings, history entry) and returns the place writes going
 * with it: the old slot's place given back and the new `places` taken. The caller stores the ticket itself.
 */
export async function moveTicket(
  storage: Storage,
  ticket: Ticket,
  move: AppointmentMove,
  places: readonly string[],
  now: Date,
): Promise<BatchOp[]> {
  const released = (ticket.bookings ?? []).filter((k) => slotOfPlace(k) === move.from);
  ticket.fields = { ...ticket.fields, [move.step]: move.value };
  ticket.summary = ticket.summary.map((f) => (f.id === move.step ? { ...f, text: move.text } : f));
  ticket.bookings = [...(ticket.bookings ?? []).filter((k) => !released.includes(k)), ...places];
  const event: TicketEvent = {
    status: ticket.status,
    at: now.toISOString(),
    by: move.by ?? 'citizen',
    note: move.note,
  };
  ticket.history.push(event);
  ticket.updatedAt = event.at;
  return releaseOps(storage, { ...ticket, bookings: released });
}
