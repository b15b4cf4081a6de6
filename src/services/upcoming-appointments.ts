import { localParts } from '../engine/calendar';
import type { ConversationRef } from '../engine/types';
import { type Appointment, type Calendar, calendarOf, parseAppointment } from './appointments';
import type { DialogDefinition, Step } from './schema';
import type { Ticket, TicketStatus } from './tickets/ticket';
import type { TicketStore } from './tickets/ticket-store';

/** One future appointment a citizen holds: its ticket, the service's step and calendar, and the booked slot. */
export interface UpcomingAppointment {
  ticket: Ticket;
  definition: DialogDefinition;
  step: Extract<Step, { type: 'appointment' }>;
  calendar: Calendar;
  booked: Appointment;
}

/** Tickets whose appointment no longer holds: nothing to move or cancel. */
const CLOSED: ReadonlySet<TicketStatus> = new Set(['cancelled', 'rejected', 'completed']);

/**
 * The appointments a citizen can still move or cancel, soonest first: those of their open tickets (this chat,
 * or confirmed by the same identity verified with SPID/CIE) whose slot is still ahead in its calendar's time.
 */
export async function upcomingAppointments(
  tickets: TicketStore,
  definitions: readonly DialogDefinition[],
  ref: Pick<ConversationRef, 'channel' | 'userId'>,
  now: Date,
  verifiedFiscalNumber?: string,
): Promise<UpcomingAppointment[]> {
  const out: UpcomingAppointment[] = [];
  for (const ticket of await tickets.listForCitizen(ref, 50, verifiedFiscalNumber)) {
    if (CLOSED.has(ticket.status)) continue;
    const definition = definitions.find((d) => d.id === ticket.service);
    for (const step of definition?.steps ?? []) {
      if (step.type !== 'appointment' || !definition) continue;
      const booked = parseAppointment(ticket.fields[step.id]);
      const calendar = booked && calendarOf(step, booked.desk);
      if (!booked || !calendar) continue;
      const local = localParts(now, calendar.slots.timezone);
      if (booked.slot <= `${local.date}T${local.time}`) continue;
      out.push({ ticket, definition, step, calendar, booked });
    }
  }
  return out.sort((a, b) => a.booked.slot.localeCompare(b.booked.slot));
}
