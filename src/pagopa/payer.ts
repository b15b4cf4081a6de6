import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import { notifyStatusChange } from '../services/tickets/notify-citizen';
import type { Ticket } from '../services/tickets/ticket';
import type { TicketOutbox, TicketStore } from '../services/tickets/ticket-store';
import { VersionConflictError } from '../storage/errors';
import type { BatchOp, Storage } from '../storage/storage';
import type { DebtPosition, GpdClient, NewDebtPosition, PagoPaCallResult } from './gpd-client';
import { iupdOf, iuvOf, noticeCodeOf } from './notice-code';
import { failedText, isFinal, issuedText, PAGOPA_PAYMENTS, type PaymentJob } from './payment-job';

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

/** Where citizens pay a notice by typing its code, when no Checkout cart could be made for it. */
export const CHECKOUT_SITE = 'https://checkout.pagopa.it/';

/** How long an instance holds a job it is working on. */
const CLAIM_MS = 60_000;

/** Set once the ticket, the engine and the notification are wired (after the services room starts). */
interface Wiring {
  tickets: TicketStore;
  engine: Engine;
}

/**
 * pagoPA notices for tickets with a fee, from a durable outbox in storage: a job is queued in the ticket's own
 * batch when a ticket is created awaiting payment; the payer (on the leader instance) creates the debt position
 * on GPD (IUPD and IUV derived from the protocol, so a retry or a 409 never makes a second one), gets a Checkout
 * link, gives the citizen the notice code, then polls GPD with growing intervals until the position is paid,
 * and moves the ticket to "pagata", telling the citizen. 429 waits for `Retry-After`; 5xx and network errors
 * back off exponentially; a refusal leaves the ticket's payment `failed` for operators and the citizen a polite
 * message.
 */
export class PagoPaPayer implements TicketOutbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private wiring: Wiring | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: PagoPaPayerOptions) {
    this.now = options.now ?? (() => new Date());
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

  /** Starts working (on the leader instance): looks at due jobs now and every `tickMs`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.tickMs ?? 5000);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a round now. */
  kick(): void {
    if (this.stopped) return;
    this.drain().catch((err) => this.options.logger.error({ err }, 'pagopa: round failed'));
  }

  /** Runs rounds until nothing more is due now. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Stops (leadership lost, or shutdown) and waits for the round in progress; jobs stay in storage. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<void> {
    if (!this.wiring) return;
    const now = this.now().toISOString();
    for (const { key, value } of await this.options.storage.list<PaymentJob>(PAGOPA_PAYMENTS)) {
      if (this.stopped) return;
      if (isFinal(value.step) || value.nextAttemptAt > now) continue;
      if (value.claimedUntil && value.claimedUntil > now) continue;
      const claimed = await this.claim(key);
      if (claimed) await this.work(claimed.job, claimed.version, this.wiring);
    }
  }

  /** Takes a due job for this instance; undefined when another one has it. */
  private async claim(key: string): Promise<{ job: PaymentJob; version: number } | undefined> {
    const { storage } = this.options;
    const stored = await storage.getVersioned<PaymentJob>(PAGOPA_PAYMENTS, key);
    const now = this.now();
    if (!stored || isFinal(stored.value.step)) return undefined;
    if (stored.value.claimedUntil && stored.value.claimedUntil > now.toISOString()) return undefined;
    const job = { ...stored.value, claimedUntil: new Date(now.getTime() + CLAIM_MS).toISOString() };
    try {
      return {
        job,
        version: await storage.put(PAGOPA_PAYMENTS, key, job, { expectVersion: stored.version }),
      };
    } catch (err) {
      if (err instanceof VersionConflictError) return undefined;
      throw err;
    }
  }

  /** Runs the job's steps as far as they go now; saves it once, released. */
  private async work(job: PaymentJob, version: number, wiring: Wiring): Promise<void> {
    const ticket = await wiring.tickets.get(job.protocol);
    let next: PaymentJob = job;
    if (!ticket?.payment) next = { ...job, step: 'done', lastError: 'ticket gone' };
    else {
      try {
        next = await this.advance(job, ticket, wiring);
      } catch (err) {
        // An answer GPD should never give: keep the job, try later, and let the logs say why.
        this.options.logger.error({ err, protocol: job.protocol }, 'pagopa: unexpected answer');
        next = this.retryLater(job, { error: (err as Error).message });
      }
    }
    const { claimedUntil: _claim, ...released } = next;
    try {
      await this.options.storage.put(PAGOPA_PAYMENTS, job.protocol, released, { expectVersion: version });
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
      this.options.logger.warn({ protocol: job.protocol }, 'pagopa: job changed while it was worked on');
    }
    const wait = new Date(released.nextAttemptAt).getTime() - this.now().getTime();
    if (!isFinal(released.step) && wait < (this.options.tickMs ?? 5000))
      setTimeout(() => this.kick(), Math.max(wait, 0) + 1).unref();
  }

  private async advance(job: PaymentJob, ticket: Ticket, wiring: Wiring): Promise<PaymentJob> {
    if (job.step === 'invalidate') return this.invalidate(job, ticket, wiring);
    let current = job;
    if (current.step === 'create') {
      const created = await this.create(current, ticket);
      if (!created.ok) return this.retryOrFail(current, ticket, created, wiring);
      current = { ...current, step: 'checkout', attempts: 0, positionStatus: created.value.status };
      if (created.value.status === 'PAID' || created.value.status === 'REPORTED') current.step = 'tell';
    }
    if (current.step === 'checkout') {
      const link = await this.options.client.checkoutLink(
        {
          noticeNumber: current.noticeCode,
          amount: ticket.payment?.amountCents ?? 0,
          companyName: this.options.companyName.slice(0, 140),
          description: (ticket.payment?.description ?? ticket.serviceTitle.it).slice(0, 140),
        },
        this.options.returnUrl,
      );
      if (!link.ok && link.retry && current.attempts + 1 < (this.options.maxAttempts ?? 12))
        return this.retryLater(current, link);
      // Without a cart the citizen still pays on Checkout's own page by typing the notice code.
      if (!link.ok)
        this.options.logger.warn({ protocol: job.protocol, error: link.error }, 'pagopa: no cart');
      current = { ...current, step: 'tell', attempts: 0, checkoutUrl: link.ok ? link.value : CHECKOUT_SITE };
    }
    if (current.step === 'tell') {
      await this.tell(current, ticket, wiring);
      current = { ...current, step: 'poll', attempts: 0, nextAttemptAt: this.after(this.pollDelay(0)) };
      // A position GPD already reports paid (an earlier attempt that was paid meanwhile) is read at once.
      if (current.positionStatus === 'PAID' || current.positionStatus === 'REPORTED')
        current.nextAttemptAt = this.now().toISOString();
      return current;
    }
    if (current.step === 'poll') return this.poll(current, ticket, wiring);
    return current;
  }

  /** Creates the debt position; a 409 whose position is ours (same IUPD) is the one created before. */
  private async create(job: PaymentJob, ticket: Ticket): Promise<PagoPaCallResult<DebtPosition>> {
    const payment = ticket.payment;
    if (!payment?.debtor || !payment.transfer || !payment.dueDate)
      return { ok: false, retry: false, error: 'the ticket lacks the debtor or transfer data', status: 0 };
    const position: NewDebtPosition = {
      iupd: job.iupd,
      type: 'F',
      fiscalCode: payment.debtor.fiscalCode,
      fullName: payment.debtor.fullName,
      companyName: this.options.companyName,
      switchToExpired: true,
      paymentOption: [
        {
          iuv: job.iuv,
          amount: payment.amountCents,
          description: payment.description,
          isPartialPayment: false,
          dueDate: `${payment.dueDate}T23:59:59`,
          transfer: [
            {
              idTransfer: '1',
              amount: payment.amountCents,
              organizationFiscalCode: this.options.orgFiscalCode,
              remittanceInformation: `${payment.description} ${ticket.protocol}`.slice(0, 140),
              category: payment.transfer.category,
              iban: payment.transfer.iban,
            },
          ],
        },
      ],
    };
    const created = await this.options.client.createPosition(position);
    if (created.ok || created.retry || created.status !== 409) return created;
    // Our earlier attempt got through but its answer was lost: the position exists, and it is this one.
    const existing = await this.options.client.getPosition(job.iupd);
    if (existing.ok && existing.value.iupd === job.iupd) {
      this.options.logger.info({ protocol: job.protocol }, 'pagopa: debt position already there (409)');
      return existing;
    }
    return created;
  }

  /** Gives the citizen the notice code and the Checkout link, and records them on the ticket. */
  private async tell(job: PaymentJob, ticket: Ticket, wiring: Wiring): Promise<void> {
    const payment = ticket.payment;
    const updated = await wiring.tickets.recordPayment(ticket.protocol, {
      state: 'issued',
      iupd: job.iupd,
      iuv: job.iuv,
      noticeCode: job.noticeCode,
      ...(job.checkoutUrl ? { checkoutUrl: job.checkoutUrl } : {}),
    });
    const text = issuedText(ticket.lang, {
      protocol: ticket.protocol,
      amountCents: payment?.amountCents ?? 0,
      noticeCode: job.noticeCode,
      org: this.options.orgFiscalCode,
      link: job.checkoutUrl ?? CHECKOUT_SITE,
      dueDate: payment?.dueDate ?? '',
    });
    await this.say(updated ?? ticket, text, wiring);
  }

  /** Asks GPD whether the notice is paid; moves the ticket to "pagata" when it is. */
  private async poll(job: PaymentJob, ticket: Ticket, wiring: Wiring): Promise<PaymentJob> {
    // The office settled it meanwhile (paid at the counter, cancelled…): nothing more to wait for.
    if (ticket.status !== 'awaiting_payment') return { ...job, step: 'done' };
    const read = await this.options.client.getPosition(job.iupd);
    if (!read.ok) return read.retry ? this.retryLater(job, read) : this.fail(job, ticket, read.error, wiring);
    const status = read.value.status;
    if (status === 'PAID' || status === 'REPORTED') {
      const paid = await wiring.tickets.changeStatus(ticket.protocol, {
        status: 'paid',
        by: 'pagopa',
        payment: { state: 'paid' },
      });
      await notifyStatusChange({ ...wiring, logger: this.options.logger }, paid);
      this.options.logger.info({ protocol: job.protocol, polls: job.polls + 1 }, 'pagopa: notice paid');
      return { ...job, step: 'done', positionStatus: status, polls: job.polls + 1, attempts: 0 };
    }
    if (status === 'EXPIRED' || status === 'INVALID')
      return this.fail({ ...job, positionStatus: status }, ticket, `debt position ${status}`, wiring, false);
    const polls = job.polls + 1;
    return {
      ...job,
      positionStatus: status,
      polls,
      attempts: 0,
      nextAttemptAt: this.after(this.pollDelay(polls)),
    };
  }

  /**
   * Withdraws the notice of a ticket the office closed another way. A position GPD never got (404) needs
   * nothing; one already paid (409, then PAID on reading it) is recorded as paid for the office to refund.
   */
  private async invalidate(job: PaymentJob, ticket: Ticket, wiring: Wiring): Promise<PaymentJob> {
    const done = await this.options.client.invalidatePosition(job.iupd);
    if (done.ok) {
      await wiring.tickets.recordPayment(ticket.protocol, { state: 'cancelled' });
      this.options.logger.info({ protocol: job.protocol }, 'pagopa: notice withdrawn');
      return { ...job, step: 'done', attempts: 0, positionStatus: 'INVALID' };
    }
    if (done.retry && job.attempts + 1 < (this.options.maxAttempts ?? 12)) return this.retryLater(job, done);
    if (done.retry) return this.fail(job, ticket, done.error, wiring, false);
    if (done.status === 404) return { ...job, step: 'done', lastError: done.error };
    const read = done.status === 409 ? await this.options.client.getPosition(job.iupd) : undefined;
    if (read?.ok && (read.value.status === 'PAID' || read.value.status === 'REPORTED')) {
      await wiring.tickets.recordPayment(ticket.protocol, {
        state: 'paid',
        error: 'paid on pagoPA after the office closed the request: to be refunded',
      });
      return { ...job, step: 'done', positionStatus: read.value.status, lastError: done.error };
    }
    return this.fail(job, ticket, done.error, wiring, false);
  }

  private pollDelay(polls: number): number {
    const first = this.options.firstPollMs ?? 60_000;
    return Math.min(this.options.maxPollMs ?? 6 * 3_600_000, first * 2 ** polls);
  }

  /** A refused or failing call: retry later, or give up when it is final or has failed too often. */
  private async retryOrFail(
    job: PaymentJob,
    ticket: Ticket,
    result: Extract<PagoPaCallResult<unknown>, { ok: false }>,
    wiring: Wiring,
  ): Promise<PaymentJob> {
    if (result.retry && job.attempts + 1 < (this.options.maxAttempts ?? 12))
      return this.retryLater(job, result);
    return this.fail(job, ticket, result.error, wiring);
  }

  /** Schedules another attempt: after GPD's `Retry-After` when it gave one, else with exponential backoff. */
  private retryLater(job: PaymentJob, result: { error: string; retryAfterSeconds?: number }): PaymentJob {
    const attempts = job.attempts + 1;
    const base = this.options.baseDelayMs ?? 5000;
    const backoff =
      Math.min(this.options.maxDelayMs ?? 3_600_000, base * 2 ** (attempts - 1)) *
      (0.8 + Math.random() * 0.4);
    const delay = result.retryAfterSeconds !== undefined ? result.retryAfterSeconds * 1000 : backoff;
    this.options.logger.warn(
      { protocol: job.protocol, step: job.step, attempts, error: result.error },
      'pagopa: call failed, will retry',
    );
    return { ...job, attempts, lastError: result.error, nextAttemptAt: this.after(delay) };
  }

  /** Gives up: the ticket's payment shows `failed` with the reason, and the citizen gets a polite message. */
  private async fail(
    job: PaymentJob,
    ticket: Ticket,
    error: string,
    wiring: Wiring,
    tellCitizen = true,
  ): Promise<PaymentJob> {
    this.options.logger.error({ protocol: job.protocol, step: job.step, error }, 'pagopa: notice failed');
    const updated = await wiring.tickets.recordPayment(ticket.protocol, { state: 'failed', error });
    if (tellCitizen)
      await this.say(
        updated ?? ticket,
        failedText(ticket.lang, { protocol: ticket.protocol, amountCents: ticket.payment?.amountCents ?? 0 }),
        wiring,
      );
    return { ...job, step: 'failed', attempts: job.attempts + 1, lastError: error };
  }

  private async say(ticket: Ticket, text: string, wiring: Wiring): Promise<void> {
    try {
      await wiring.engine.sendProactive(ticket.ref, [{ text }], { service: ticket.service });
    } catch (err) {
      // The notice code stays on the ticket ("stato pratica" shows it; operators see it).
      this.options.logger.warn({ err, protocol: ticket.protocol }, 'pagopa: citizen not reached');
    }
  }

  private after(ms: number): string {
    return new Date(this.now().getTime() + ms).toISOString();
  }
}
