import type { Logger } from 'pino';
import { localParts } from '../engine/calendar';
import type { Engine } from '../engine/engine';
import type { Lang } from '../engine/types';
import { PollingLoop } from '../shared/polling-loop';
import { VersionConflictError } from '../storage/errors';
import type { BatchOp, Storage } from '../storage/storage';
import { type AppointmentStep, appointmentLabel, calendarOf, parseAppointment } from './appointments';
import type { DialogDefinition } from './schema';
import type { Ticket, TicketStatus } from './tickets/ticket';
import type { TicketStore } from './tickets/ticket-store';
import { addDays } from './validators/date';

/**
 * Storage collection of the appointment reminders sent, keyed `protocol|stepId`: written before the reminder
 * goes out, so it goes out once. It holds the protocol and the slot only, and is erased with the ticket.
 */
export const APPOINTMENT_REMINDERS = 'appointment-reminders';

/** The record of one appointment's reminder. */
export interface AppointmentReminder {
  protocol: string;
  step: string;
  /** The appointment, `YYYY-MM-DDTHH:MM` local time. */
  slot: string;
  remindedAt: string;
  /** Why the citizen's channel did not take it, when so. */
  error?: string;
}

/** Where a service's appointment steps are: dialog id → step id → the step's calendars (one, or its desks). */
export type AppointmentSteps = ReadonlyMap<string, ReadonlyMap<string, AppointmentStep>>;

/** The appointment steps of the loaded dialogs; empty when no service takes appointments. */
export function appointmentStepsOf(definitions: readonly DialogDefinition[]): AppointmentSteps {
  const out = new Map<string, Map<string, AppointmentStep>>();
  for (const def of definitions) {
    for (const step of def.steps) {
      if (step.type !== 'appointment') continue;
      const steps = out.get(def.id) ?? new Map<string, AppointmentStep>();
      steps.set(step.id, step);
      out.set(def.id, steps);
    }
  }
  return out;
}

/** Settings of {@link AppointmentReminders}. */
export interface AppointmentRemindersOptions {
  storage: Storage;
  logger: Logger;
  tickets: TicketStore;
  engine: Pick<Engine, 'sendProactive'>;
  steps: AppointmentSteps;
  /** The local hour (0–23) from which the day before an appointment its reminder goes out. */
  hour: number;
  /** Writes to add to the reminder's own batch, e.g. the app IO notice when the citizen agreed to it. */
  extraOps?: (ticket: Ticket, when: string, now: Date) => Promise<BatchOp[]>;
  /** Called after a reminder was recorded with extra writes (e.g. to kick the IO sender). */
  afterRecorded?: () => void;
  now?: () => Date;
  /** How often tickets are looked at (default 5 min). */
  pollMs?: number;
}

/** Tickets whose appointment no longer holds. */
const CLOSED: ReadonlySet<TicketStatus> = new Set(['cancelled', 'rejected', 'completed']);

const TEXT: Record<Lang, string> = {
  it: 'Promemoria: domani, {when}, hai un appuntamento per «{service}» (pratica {protocol}). Se non puoi venire, scrivi «sposta appuntamento» o «annulla appuntamento».',
  en: 'Reminder: tomorrow, {when}, you have an appointment for “{service}” (request {protocol}). If you cannot come, type “move my appointment” or “cancel my appointment”.',
};

/** The chat reminder of an appointment tomorrow, in the ticket's language. */
export function reminderText(ticket: Ticket, when: string): string {
  return TEXT[ticket.lang]
    .replace('{when}', when)
    .replace('{service}', ticket.serviceTitle[ticket.lang])
    .replace('{protocol}', ticket.protocol);
}

/**
 * Reminds citizens of their appointment the day before, from `hour` local time (the slots' time zone): one
 * message on the chat they booked from, and, when they agreed to app IO updates, one IO notice. The reminder
 * is recorded (`expectVersion: null`) in the same batch as the IO notice before the chat message goes out, so
 * two instances or a restart never send it twice. Cancelled, rejected and completed tickets get none, nor do
 * appointments booked on the day before after that hour (their confirmation is fresh). Runs on the leader only.
 */
export class AppointmentReminders {
  private readonly loop: PollingLoop;
  private readonly now: () => Date;
  /** Set by {@link stop}: a round in progress ends after the reminder it is sending. */
  private stopping = false;

  constructor(private readonly options: AppointmentRemindersOptions) {
    this.now = options.now ?? (() => new Date());
    this.loop = new PollingLoop(() => this.round(), {
      name: 'appointment reminders',
      logger: options.logger,
      pollMs: options.pollMs ?? 300_000,
      idleUntilStarted: true,
    });
  }

  /** Starts looking for appointments to remind of (the leader instance only). */
  start(): void {
    this.stopping = false;
    this.loop.start();
  }

  /** Runs a round now, started or not, and resolves how many reminders it sent. */
  drain(): Promise<number> {
    return this.loop.drain();
  }

  /** Stops looking and waits for the round in progress. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.loop.stop();
  }

  private async round(): Promise<number> {
    const now = this.now();
    let sent = 0;
    for (const ticket of await this.options.tickets.list()) {
      if (this.stopping) break;
      if (CLOSED.has(ticket.status)) continue;
      const steps = this.options.steps.get(ticket.service);
      if (!steps) continue;
      for (const [step, appointment] of steps) {
        const booked = parseAppointment(ticket.fields[step]);
        const timeZone = booked && calendarOf(appointment, booked.desk)?.slots.timezone;
        if (!booked || !timeZone) continue;
        if (!this.due(booked.slot, timeZone, ticket, now)) continue;
        const when = appointmentLabel(appointment, ticket.fields[step], ticket.lang);
        if (await this.remind(ticket, step, booked.slot, when, now)) sent++;
      }
    }
    return sent;
  }

  /** True on the local day before the appointment from the reminder hour, unless booked after that. */
  private due(slot: string, timeZone: string, ticket: Ticket, now: Date): boolean {
    const dayBefore = addDays(slot.slice(0, 10), -1);
    const from = `${String(this.options.hour).padStart(2, '0')}:00`;
    const local = localParts(now, timeZone);
    if (local.date !== dayBefore || local.time < from) return false;
    const booked = localParts(new Date(ticket.createdAt), timeZone);
    return !(booked.date === dayBefore && booked.time >= from);
  }

  /**
   * Records the reminder (and queues its IO notice), then tells the citizen; false when it was already sent
   * for this slot. An appointment moved after its reminder went out is reminded again of the new time.
   */
  private async remind(
    ticket: Ticket,
    step: string,
    slot: string,
    when: string,
    now: Date,
  ): Promise<boolean> {
    const { storage, logger } = this.options;
    const key = `${ticket.protocol}|${step}`;
    const earlier = await storage.getVersioned<AppointmentReminder>(APPOINTMENT_REMINDERS, key);
    if (earlier?.value.slot === slot) return false;
    const record: AppointmentReminder = {
      protocol: ticket.protocol,
      step,
      slot,
      remindedAt: now.toISOString(),
    };
    const extra = (await this.options.extraOps?.(ticket, when, now)) ?? [];
    let version: number | undefined;
    try {
      [version] = await storage.batch([
        {
          op: 'put',
          collection: APPOINTMENT_REMINDERS,
          key,
          value: record,
          expectVersion: earlier?.version ?? null,
        },
        ...extra,
      ]);
    } catch (err) {
      if (err instanceof VersionConflictError) return false; // another instance is sending it
      throw err;
    }
    if (extra.length) this.options.afterRecorded?.();
    try {
      await this.options.engine.sendProactive(ticket.ref, [{ text: reminderText(ticket, when) }], {
        service: ticket.service,
      });
      logger.info({ protocol: ticket.protocol, step }, 'appointment reminder sent');
    } catch (err) {
      // Recorded anyway: a reminder sent twice is worse than one missed; the record keeps why.
      const error = err instanceof Error ? err.message : String(err);
      logger.warn({ err, protocol: ticket.protocol, step }, 'appointment reminder not delivered');
      await storage
        .put(APPOINTMENT_REMINDERS, key, { ...record, error }, { expectVersion: version ?? null })
        .catch(() => undefined);
    }
    return true;
  }
}
