import { localParts } from '../../engine/calendar';
import type { Attachment, ConversationRef, Lang } from '../../engine/types';
import { VersionConflictError } from '../../storage/errors';
import { retryOnConflict, updateVersioned } from '../../storage/optimistic';
import type { BatchOp, Storage } from '../../storage/storage';
import { TicketNotFoundError } from '../errors';
import { slotOfPlace } from '../slots';
import { newEvent, OUTBOX_COUNTER, outboxOp } from '../webhook/outbox';
import { formatProtocol, protocolCounter } from './protocol';
import { freePlaces, placeOp, releaseOps, type SlotRequest } from './slot-places';
import type { Ticket, TicketEvent, TicketField, TicketIdentity, TicketPayment, TicketStatus } from './ticket';

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

const MAX_RETRIES = 5;

/** What the form hands over when the citizen confirms. */
export interface NewTicket {
  /** Unique per filled-in form: a repeated confirmation returns the ticket already stored. */
  submissionId: string;
  service: string;
  serviceTitle: Record<Lang, string>;
  fields: Record<string, unknown>;
  summary: TicketField[];
  attachments: Attachment[];
  ref: ConversationRef;
  lang: Lang;
  /** Appointment slots to book atomically with the ticket: a place in each. */
  bookings?: SlotRequest[];
  /** The citizen's identity verified with SPID/CIE, if they are signed in: indexes the ticket by it. */
  identity?: TicketIdentity;
  /** The citizen agreed to get updates on the app IO, at this codice fiscale. */
  io?: { fiscalCode: string };
  /**
   * The service's fee. Paid through pagoPA the ticket starts "in attesa di pagamento" (`awaiting_payment`);
   * paid at the counter it starts "ricevuta" like any other.
   */
  payment?: TicketPayment;
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

export type { SlotRequest } from './slot-places';

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

/** The prefix of a citizen's index keys: same channel and same user id. */
function citizenPrefix(ref: Pick<ConversationRef, 'channel' | 'userId'>): string {
  return `${encodeURIComponent(ref.channel)}|${encodeURIComponent(ref.userId)}|`;
}

/** The key prefix of a verified citizen's entries in {@link VERIFIED_TICKETS}. */
export function verifiedTicketPrefix(fiscalNumber: string): string {
  return `${fiscalNumber}|`;
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
   * Stores a confirmed request under a new protocol number. Resolves `created: false` with the existing ticket
   * when the same submission was already stored; throws {@link SlotTakenError} when a slot filled up meanwhile.
   */
  async create(input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const existing = await this.bySubmission(input.submissionId);
    if (existing) return { ticket: existing, created: false };
    const now = this.options.now();
    const year = localParts(now).date.slice(0, 4);
    // Check the slots before taking a number, so a slot already full does not leave a gap in the numbers.
    const requests = input.bookings ?? [];
    let places = await freePlaces(this.storage, requests);
    const n = await this.storage.increment(protocolCounter(this.options.cityCode, year));
    const at = now.toISOString();
    const status: TicketStatus = input.payment?.via === 'pagopa' ? 'awaiting_payment' : 'received';
    const ticket: Ticket = {
      protocol: formatProtocol(this.options.cityCode, year, n),
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
      ...(places.length ? { bookings: places } : {}),
      ...(input.identity ? { identity: input.identity } : {}),
      ...(input.io ? { io: input.io } : {}),
      ...(input.payment ? { payment: input.payment } : {}),
    };
    return retryOnConflict(
      async () => {
        if (places.length) ticket.bookings = places;
        const ops: BatchOp[] = [
          { op: 'put', collection: TICKETS, key: ticket.protocol, value: ticket, expectVersion: null },
          {
            op: 'put',
            collection: CITIZEN_TICKETS,
            key: citizenPrefix(ticket.ref) + ticket.protocol,
            value: { protocol: ticket.protocol },
          },
          {
            op: 'put',
            collection: SUBMISSIONS,
            key: input.submissionId,
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
          ...places.map((key) => placeOp(key, ticket.protocol)),
        ];
        if (this.options.webhook)
          ops.push(outboxOp(newEvent('ticket.created', ticket, now), await this.eventSeq()));
        for (const outbox of this.options.outboxes ?? []) ops.push(...(await outbox.ops(ticket, now)));
        try {
          await this.storage.batch(ops);
        } catch (err) {
          // The same submission was stored meanwhile (a retried confirmation): that ticket is the answer.
          if (err instanceof VersionConflictError && err.collection === SUBMISSIONS) {
            const stored = await this.bySubmission(input.submissionId);
            if (stored) return { ticket: stored, created: false };
          }
          throw err;
        }
        if (this.options.webhook) this.options.onEvent?.();
        for (const outbox of this.options.outboxes ?? []) outbox.kick();
        return { ticket, created: true };
      },
      {
        // Each lost race for a place means one more place taken: after at most `capacity` of them the slot
        // reads as full and SlotTakenError ends the tries.
        attempts: MAX_RETRIES + requests.reduce((n, b) => n + b.capacity, 0),
        onConflict: async () => {
          places = await freePlaces(this.storage, requests);
        },
      },
    );
  }

  /**
   * Moves a ticket's appointment to another slot in one atomic write: the place in the new slot is taken with
   * a conditional insert, the old place is given back, the answer and summary change, the history records the
   * move and a `ticket.updated` event is queued. Throws {@link SlotTakenError} when the new slot is full and
   * {@link TicketNotFoundError} when the ticket is gone; resolves the updated ticket.
   */
  async moveAppointment(protocol: string, move: AppointmentMove): Promise<Ticket> {
    let places = await freePlaces(this.storage, [move.to]);
    return retryOnConflict(
      async () => {
        const stored = await this.storage.getVersioned<Ticket>(TICKETS, protocol);
        if (!stored) throw new TicketNotFoundError(protocol);
        const now = this.options.now();
        const ticket = stored.value;
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
        const ops: BatchOp[] = [
          { op: 'put', collection: TICKETS, key: protocol, value: ticket, expectVersion: stored.version },
          ...(await releaseOps(this.storage, { ...ticket, bookings: released })),
          ...places.map((key) => placeOp(key, protocol)),
        ];
        if (this.options.webhook)
          ops.push(outboxOp(newEvent('ticket.updated', ticket, now), await this.eventSeq()));
        await this.storage.batch(ops);
        if (this.options.webhook) this.options.onEvent?.();
        return ticket;
      },
      {
        attempts: MAX_RETRIES + move.to.capacity,
        onConflict: async () => {
          places = await freePlaces(this.storage, [move.to]);
        },
      },
    );
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
      prefix: citizenPrefix(ref),
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
        const wasOpen = !isReleased(ticket.status);
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
        if (wasOpen && isReleased(change.status)) ops.push(...(await releaseOps(this.storage, ticket)));
        if (this.options.webhook)
          ops.push(outboxOp(newEvent('ticket.updated', ticket, now), await this.eventSeq()));
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
        if (this.options.webhook)
          ops.push(outboxOp(newEvent('ticket.updated', ticket, now), await this.eventSeq()));
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

  private eventSeq(): Promise<number> {
    return this.storage.increment(OUTBOX_COUNTER);
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

function isReleased(status: TicketStatus): boolean {
  return status === 'cancelled' || status === 'rejected';
}

function searchText(t: Ticket): string {
  return [t.protocol, t.service, t.serviceTitle.it, ...t.summary.map((f) => f.text)].join(' ').toLowerCase();
}
