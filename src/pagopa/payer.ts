import type { Logger } from 'pino';
import type { Ticket } from '../services/tickets/ticket';
import type { TicketOutbox } from '../services/tickets/ticket-store';
import { saveWorked, workDueItems } from '../shared/due-work';
import { PolledOutbox } from '../shared/polled-outbox';
import type { BatchOp, Storage } from '../storage/storage';
import type { GpdClient } from './gpd-client';
import { iupdOf, iuvOf, noticeCodeOf } from './notice-code';
import { isFinal, PAGOPA_PAYMENTS, type PaymentJob } from './payment-job';
import { PaymentSteps, type Wiring } from './payment-steps';

/** Settings of the {@link PagoPaPayer}. */
export interface PagoPaPayerOptions {
  storage: Storage;
  logger: Logger;
  client: GpdClient;
  /** The comune's fiscal code (`PAGOPA_ORG_FISCAL_CODE`) and name (the notice's creditor). */
  orgFiscalCode: string;
  companyName: string;
  /** `PAGOPA_SEGREGATION_CODE`, the first two digits of every IUV. */
  segregationCode: string;
  /** Where Checkout sends the citizen back after paying. */
  returnUrl: string;
  now?: () => Date;
  /** Delay before the first retry of a failed call; doubles at each failure (default 5 s). */
  baseDelayMs?: number;
  /** Longest delay between retries (default 1 h). */
  maxDelayMs?: number;
  /** Failed attempts before a step gives up (default 12). */
  maxAttempts?: number;
  /** First wait before asking GPD whether a notice is paid; doubles up to `maxPollMs` (default 1 min). */
  firstPollMs?: number;
  /** Longest wait between two reads of an unpaid notice (default 6 h). */
  maxPollMs?: number;
  /** How often due jobs are looked at when nothing kicks the payer (default 5 s). */
  tickMs?: number;
}

/** How long an instance holds a job it is working on. */
const CLAIM_MS = 60_000;

/**
 * pagoPA notices for tickets with a fee, from a durable outbox in storage: a job is queued in the ticket's own
 * batch when a ticket is created awaiting payment; the payer (on the leader instance) creates the debt position
 * on GPD (IUPD and IUV derived from the protocol, so a retry or a 409 never makes a second one), gets a Checkout
 * link, gives the citizen the notice code, then polls GPD with growing intervals until the position is paid,
 * and moves the ticket to "pagata", telling the citizen. 429 waits for `Retry-After`; 5xx and network errors
 * back off exponentially; a refusal leaves the ticket's payment `failed` for operators and the citizen a polite
 * message.
 */
export class PagoPaPayer extends PolledOutbox implements TicketOutbox {
  private wiring: Wiring | undefined;
  private readonly now: () => Date;

  private readonly steps: PaymentSteps;

  constructor(private readonly options: PagoPaPayerOptions) {
    // Only the leader instance talks to GPD: kicks on other instances do nothing.
    super({
      name: 'pagopa',
      logger: options.logger,
      pollMs: options.tickMs ?? 5000,
      idleUntilStarted: true,
    });
    this.now = options.now ?? (() => new Date());
    this.steps = new PaymentSteps(options);
  }

  /** Gives the payer the tickets and the engine (they exist only once the services room is up). */
  wire(wiring: Wiring): void {
    this.wiring = wiring;
  }

  /**
   * Queues the pagoPA job of a ticket created awaiting a pagoPA payment; when the office moves a ticket out of
   * "in attesa di pagamento" itself (cancelled, rejected, paid at the counter), turns its job to withdrawing the
   * notice, so it cannot be paid twice or for nothing.
   */
  async ops(ticket: Ticket, now: Date): Promise<BatchOp[]> {
    if (ticket.payment?.via !== 'pagopa') return [];
    const stored = await this.options.storage.getVersioned<PaymentJob>(PAGOPA_PAYMENTS, ticket.protocol);
    if (stored) {
      const byOffice = ticket.history.at(-1)?.by !== 'pagopa';
      if (ticket.status === 'awaiting_payment' || !byOffice || isFinal(stored.value.step)) return [];
      if (stored.value.step === 'invalidate') return [];
      const job: PaymentJob = {
        ...stored.value,
        step: 'invalidate',
        attempts: 0,
        nextAttemptAt: now.toISOString(),
      };
      return [
        {
          op: 'put',
          collection: PAGOPA_PAYMENTS,
          key: ticket.protocol,
          value: job,
          expectVersion: stored.version,
        },
      ];
    }
    if (ticket.status !== 'awaiting_payment' || ticket.payment.state !== 'pending') return [];
    const iuv = iuvOf(ticket.protocol, this.options.segregationCode);
    const at = now.toISOString();
    const job: PaymentJob = {
      protocol: ticket.protocol,
      step: 'create',
      iupd: iupdOf(this.options.orgFiscalCode, ticket.protocol),
      iuv,
      noticeCode: noticeCodeOf(iuv),
      createdAt: at,
      attempts: 0,
      polls: 0,
      nextAttemptAt: at,
    };
    // Written only if still absent: one job, hence one debt position, per ticket.
    return [
      { op: 'put', collection: PAGOPA_PAYMENTS, key: ticket.protocol, value: job, expectVersion: null },
    ];
  }

  /** The pagoPA job of a ticket, if it has one. */
  jobOf(protocol: string): Promise<PaymentJob | undefined> {
    return this.options.storage.get<PaymentJob>(PAGOPA_PAYMENTS, protocol);
  }

  protected round(): Promise<number> {
    const { wiring } = this;
    if (!wiring) return Promise.resolve(0);
    return workDueItems<PaymentJob>({
      storage: this.options.storage,
      collection: PAGOPA_PAYMENTS,
      now: this.now(),
      claimMs: CLAIM_MS,
      isOpen: (job) => !isFinal(job.step),
      stopped: () => this.loop.isStopped,
      work: (_key, job, version) => this.work(job, version, wiring),
    });
  }

  /** Runs the job's steps as far as they go now; saves it once, released. */
  private async work(job: PaymentJob, version: number, wiring: Wiring): Promise<void> {
    const ticket = await wiring.tickets.get(job.protocol);
    let next: PaymentJob = job;
    if (!ticket?.payment) next = { ...job, step: 'done', lastError: 'ticket gone' };
    else {
      try {
        next = await this.steps.advance(job, ticket, wiring);
      } catch (err) {
        // An answer GPD should never give: keep the job, try later, and let the logs say why.
        this.options.logger.error({ err, protocol: job.protocol }, 'pagopa: unexpected answer');
        next = this.steps.retryLater(job, { error: (err as Error).message });
      }
    }
    const claim = { version, until: job.claimedUntil };
    if (!(await saveWorked(this.options.storage, PAGOPA_PAYMENTS, job.protocol, claim, next))) {
      this.options.logger.warn({ protocol: job.protocol }, 'pagopa: job changed while it was worked on');
      this.kick();
      return;
    }
    const wait = new Date(next.nextAttemptAt).getTime() - this.now().getTime();
    if (!isFinal(next.step) && wait < (this.options.tickMs ?? 5000))
      setTimeout(() => this.kick(), Math.max(wait, 0) + 1).unref();
  }
}
