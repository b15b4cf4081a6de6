import { localParts } from '../../engine/calendar';
import type { ConversationRef } from '../../engine/types';
import { VersionConflictError } from '../../storage/errors';
import { retryOnConflict, updateVersioned } from '../../storage/optimistic';
import type { BatchOp, Storage } from '../../storage/storage';
import { TicketNotFoundError } from '../errors';
import { newEvent, OUTBOX_COUNTER, outboxOp } from '../webhook/outbox';
import { type AppointmentMove, moveTicket } from './appointment-move';
import { PlaceClaim } from './place-claim';
import { sequenceOf } from './protocol';
import { nextProtocol, PROTOCOL_REGISTERS } from './protocol-register';
import { releaseOps, releasesPlaces } from './slot-places';
import type { NewTicket, Ticket, TicketEvent, TicketPayment, TicketStatus } from './ticket';
import {
  CITIZEN_TICKETS,
  citizenTicketPrefix,
  newTicketOps,
  SUBMISSIONS,
  TICKETS,
  VERIFIED_TICKETS,
  verifiedTicketPrefix,
} from './ticket-collections';

export type { AppointmentMove } from './appointment-move';
export type { SlotRequest } from './slot-places';
export type { NewTicket } from './ticket';
export {
  CITIZEN_TICKETS,
  SUBMISSIONS,
  TICKETS,
  VERIFIED_TICKETS,
  verifiedTicketPrefix,
} from './ticket-collections';

const MAX_RETRIES = 5;
/** Tries at the protocol register when tickets are confirmed at the same moment (one is stored per round). */
const REGISTER_ATTEMPTS = 200;

/** A short random wait after losing a protocol number, longer after each loss, so racers spread out. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 * attempt, 25)));
}

/**
 * Another durable outbox fed by ticket changes (app IO notices): the writes it adds to the ticket's own batch,
 * so the notice is queued exactly when the change is stored, and how to wake its sender afterwards.
 */
export interface TicketOutbox {
  /** Writes queuing a notice about the ticket as just created or changed; none when nothing is to be sent. */
  ops(ticket: Ticket, now: Date): Promise<BatchOp[]>;
  /** Called after the batch is stored. */
  kick(): void;
}

/** Filters of {@link TicketStore.list}. */
export interface TicketFilter {
  status?: TicketStatus;
  service?: string;
  /** ISO date or time: created at or after. */
  from?: string;
  /** ISO date or time: created at or before (a date includes the whole day). */
  to?: string;
  /** Words to find in the protocol, the service and the answers. */
  q?: string;
}

/**
 * The tickets of service requests. A ticket, its citizen index entry, its submission marker, its
 * appointment bookings and its webhook event are written in one atomic batch: all or nothing.
 */
export class TicketStore {
  constructor(
    private readonly storage: Storage,
    private readonly options: {
      cityCode: string;
      now: () => Date;
      webhook: boolean;
      onEvent?: () => void;
      outboxes?: readonly TicketOutbox[];
    },
  ) {}

  /**
   * Stores a confirmed request under the next protocol number of the year, taken in the ticket's own batch so
   * only a stored ticket consumes one. Resolves `created: false` with the existing ticket when the same
   * submission was already stored; throws {@link SlotTakenError} when a slot filled up meanwhile.
   */
  async create(input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const existing = await this.bySubmission(input.submissionId);
    if (existing) return { ticket: existing, created: false };
    const now = this.options.now();
    const year = localParts(now).date.slice(0, 4);
    const claim = await PlaceClaim.pick(this.storage, input.bookings ?? []);
    const at = now.toISOString();
    const status: TicketStatus = input.payment?.via === 'pagopa' ? 'awaiting_payment' : 'received';
    const unnumbered: Omit<Ticket, 'protocol'> = {
      service: input.service,
      serviceTitle: input.serviceTitle,
      status,
      fields: input.fields,
      summary: input.summary,
      attachments: input.attachments,
      channel: input.ref.channel,
      ref: input.ref,
      lang: input.lang,
      createdAt: at,
      updatedAt: at,
      history: [{ status, at, by: 'citizen' }],
      ...(input.identity ? { identity: input.identity } : {}),
      ...(input.io ? { io: input.io } : {}),
      ...(input.payment ? { payment: input.payment } : {}),
    };
    return claim.run(MAX_RETRIES, async (places) => {
      // The number is taken in the ticket's own batch: a lost place or a crash consumes none.
      let taken = 0;
      for (let attempt = 1; ; attempt++) {
        const next = await nextProtocol(this.storage, this.options.cityCode, year, taken);
        const ticket: Ticket = {
          protocol: next.protocol,
          ...unnumbered,
          ...(places.length ? { bookings: places } : {}),
        };
        const ops = [next.op, ...newTicketOps(ticket, input.submissionId), ...claim.ops(ticket.protocol)];
        ops.push(...(await this.webhookOps('ticket.created', ticket, now)));
        for (const outbox of this.options.outboxes ?? []) ops.push(...(await outbox.ops(ticket, now)));
        try {
          await this.storage.batch(ops);
        } catch (err) {
          if (!(err instanceof VersionConflictError)) throw err;
          // The same submission was stored meanwhile (a retried confirmation): that ticket is the answer.
          if (err.collection === SUBMISSIONS) {
            const stored = await this.bySubmission(input.submissionId);
            if (stored) return { ticket: stored, created: false };
          }
          // Another ticket took this number first: every round stores one, so waiting turns are bounded. A
          // ticket stored without the register (an older version still running) is stepped over.
          const ticketExists = err.collection === TICKETS && err.key === ticket.protocol;
          if (ticketExists) taken = sequenceOf(ticket.protocol);
          if ((ticketExists || err.collection === PROTOCOL_REGISTERS) && attempt < REGISTER_ATTEMPTS) {
            await pause(attempt);
            continue;
          }
          throw err;
        }
        if (this.options.webhook) this.options.onEvent?.();
        for (const outbox of this.options.outboxes ?? []) outbox.kick();
        return { ticket, created: true };
      }
    });
  }

  /**
   * Moves a ticket's appointment to another slot in one atomic write: the place in the new slot is taken with
   * a conditional insert, the old place is given back, the answer and summary change, the history records the
   * move and a `ticket.updated` event is queued. Throws {@link SlotTakenError} when the new slot is full and
   * {@link TicketNotFoundError} when the ticket is gone; resolves the updated ticket.
   */
  async moveAppointment(protocol: string, move: AppointmentMove): Promise<Ticket> {
    const claim = await PlaceClaim.pick(this.storage, [move.to]);
    return claim.run(MAX_RETRIES, async (places) => {
      const stored = await this.storage.getVersioned<Ticket>(TICKETS, protocol);
      if (!stored) throw new TicketNotFoundError(protocol);
      const now = this.options.now();
      const ticket = stored.value;
      const placeOps = await moveTicket(this.storage, ticket, move, places, now);
      const ops: BatchOp[] = [
        { op: 'put', collection: TICKETS, key: protocol, value: ticket, expectVersion: stored.version },
        ...placeOps,
        ...claim.ops(protocol),
      ];
      ops.push(...(await this.webhookOps('ticket.updated', ticket, now)));
      await this.storage.batch(ops);
      if (this.options.webhook) this.options.onEvent?.();
      return ticket;
    });
  }

  /** Reads a ticket, or `undefined`. */
  get(protocol: string): Promise<Ticket | undefined> {
    return this.storage.get<Ticket>(TICKETS, protocol);
  }

  /**
   * Reads a ticket only if it belongs to the citizen: same channel and user id, or, given the codice fiscale
   * of the citizen's verified identity, a ticket confirmed by that same verified identity.
   */
  async getForCitizen(
    protocol: string,
    ref: Pick<ConversationRef, 'channel' | 'userId'>,
    verifiedFiscalNumber?: string,
  ): Promise<Ticket | undefined> {
    const ticket = await this.get(protocol);
    if (!ticket) return undefined;
    if (ticket.ref.channel === ref.channel && ticket.ref.userId === ref.userId) return ticket;
    return verifiedFiscalNumber && ticket.identity?.fiscalNumber === verifiedFiscalNumber
      ? ticket
      : undefined;
  }

  /**
   * A citizen's tickets, newest first: those of this channel and user id and, given the codice fiscale of
   * the citizen's verified identity, those confirmed by that identity on any channel or device.
   */
  async listForCitizen(
    ref: Pick<ConversationRef, 'channel' | 'userId'>,
    limit = 10,
    verifiedFiscalNumber?: string,
  ): Promise<Ticket[]> {
    const index = await this.storage.list<{ protocol: string }>(CITIZEN_TICKETS, {
      prefix: citizenTicketPrefix(ref),
    });
    if (verifiedFiscalNumber)
      index.push(
        ...(await this.storage.list<{ protocol: string }>(VERIFIED_TICKETS, {
          prefix: verifiedTicketPrefix(verifiedFiscalNumber),
        })),
      );
    const protocols = [...new Set(index.map((e) => e.value.protocol))];
    const tickets = await Promise.all(protocols.map((p) => this.getForCitizen(p, ref, verifiedFiscalNumber)));
    return tickets
      .filter((t): t is Ticket => t !== undefined)
      .sort(newestFirst)
      .slice(0, limit);
  }

  /** Every ticket matching the filter, newest first. */
  async list(filter: TicketFilter = {}): Promise<Ticket[]> {
    const to = filter.to && filter.to.length === 10 ? `${filter.to}T23:59:59.999Z` : filter.to;
    const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return (await this.storage.list<Ticket>(TICKETS))
      .map((e) => e.value)
      .filter(
        (t) =>
          (!filter.status || t.status === filter.status) &&
          (!filter.service || t.service === filter.service) &&
          (!filter.from || t.createdAt >= filter.from) &&
          (!to || t.createdAt <= to) &&
          (words.length === 0 || words.every((w) => searchText(t).includes(w))),
      )
      .sort(newestFirst);
  }

  /**
   * Changes a ticket's status with an optional note, records it in the history and queues a `ticket.updated`
   * event, atomically. Cancelling or rejecting an appointment frees its slot. Resolves the updated ticket.
   * `payment` updates the ticket's fee in the same write (pagoPA reporting it paid).
   */
  async changeStatus(
    protocol: string,
    change: {
      status: TicketStatus;
      note?: string;
      by?: TicketEvent['by'];
      payment?: Partial<TicketPayment>;
    },
  ): Promise<Ticket> {
    return retryOnConflict(
      async () => {
        const stored = await this.storage.getVersioned<Ticket>(TICKETS, protocol);
        if (!stored) throw new TicketNotFoundError(protocol);
        const now = this.options.now();
        const ticket = stored.value;
        const wasOpen = !releasesPlaces(ticket.status);
        const event: TicketEvent = {
          status: change.status,
          at: now.toISOString(),
          by: change.by ?? 'backoffice',
          ...(change.note ? { note: change.note } : {}),
        };
        ticket.history.push(event);
        if (change.payment && ticket.payment) ticket.payment = { ...ticket.payment, ...change.payment };
        ticket.status = change.status;
        ticket.updatedAt = event.at;
        const ops: BatchOp[] = [
          { op: 'put', collection: TICKETS, key: protocol, value: ticket, expectVersion: stored.version },
        ];
        if (wasOpen && releasesPlaces(change.status)) ops.push(...(await releaseOps(this.storage, ticket)));
        ops.push(...(await this.webhookOps('ticket.updated', ticket, now)));
        for (const outbox of this.options.outboxes ?? []) ops.push(...(await outbox.ops(ticket, now)));
        await this.storage.batch(ops);
        if (this.options.webhook) this.options.onEvent?.();
        for (const outbox of this.options.outboxes ?? []) outbox.kick();
        return ticket;
      },
      { attempts: MAX_RETRIES },
    );
  }

  /**
   * Updates a ticket's fee (its pagoPA notice code, or why it could not be created) without changing its
   * status, with a `ticket.updated` event in the same batch so webhook consumers learn it; resolves the ticket,
   * or undefined when it is gone or has no fee.
   */
  async recordPayment(protocol: string, payment: Partial<TicketPayment>): Promise<Ticket | undefined> {
    return retryOnConflict(
      async () => {
        const stored = await this.storage.getVersioned<Ticket>(TICKETS, protocol);
        if (!stored?.value.payment) return undefined;
        const now = this.options.now();
        const ticket: Ticket = {
          ...stored.value,
          payment: { ...stored.value.payment, ...payment },
          updatedAt: now.toISOString(),
        };
        const ops: BatchOp[] = [
          { op: 'put', collection: TICKETS, key: protocol, value: ticket, expectVersion: stored.version },
        ];
        ops.push(...(await this.webhookOps('ticket.updated', ticket, now)));
        await this.storage.batch(ops);
        if (this.options.webhook) this.options.onEvent?.();
        return ticket;
      },
      { attempts: MAX_RETRIES },
    );
  }

  /** Records whether the citizen was told about the history entry at `index`. */
  async recordNotification(
    protocol: string,
    index: number,
    result: { notified: boolean; error?: string },
  ): Promise<void> {
    await updateVersioned<Ticket>(
      this.storage,
      TICKETS,
      protocol,
      (ticket) => {
        const entry = ticket.history[index];
        if (!entry) return undefined;
        entry.notified = result.notified;
        if (result.error) entry.notifyError = result.error;
        return ticket;
      },
      MAX_RETRIES,
    );
  }

  /** The webhook event queued with a change, numbered in the outbox; none when webhooks are off. */
  private async webhookOps(
    type: 'ticket.created' | 'ticket.updated',
    ticket: Ticket,
    now: Date,
  ): Promise<BatchOp[]> {
    if (!this.options.webhook) return [];
    return [outboxOp(newEvent(type, ticket, now), await this.storage.increment(OUTBOX_COUNTER))];
  }

  private async bySubmission(submissionId: string): Promise<Ticket | undefined> {
    const marker = await this.storage.get<{ protocol: string }>(SUBMISSIONS, submissionId);
    return marker ? this.get(marker.protocol) : undefined;
  }
}

/** Newest first; protocol numbers break ties (they grow with time). */
function newestFirst(a: Ticket, b: Ticket): number {
  return b.createdAt.localeCompare(a.createdAt) || b.protocol.localeCompare(a.protocol);
}

function searchText(t: Ticket): string {
  return [t.protocol, t.service, t.serviceTitle.it, ...t.summary.map((f) => f.text)].join(' ').toLowerCase();
}
