import type { Engine } from '../engine/engine';
import { notifyStatusChange } from '../services/tickets/notify-citizen';
import type { Ticket } from '../services/tickets/ticket';
import type { TicketStore } from '../services/tickets/ticket-store';
import type { DebtPosition, NewDebtPosition, PagoPaCallResult } from './gpd-client';
import type { PagoPaPayerOptions } from './payer';
import { failedText, issuedText, type PaymentJob } from './payment-job';

/** Where citizens pay a notice by typing its code, when no Checkout cart could be made for it. */
export const CHECKOUT_SITE = 'https://checkout.pagopa.it/';

/** What the steps reach besides GPD: the tickets and the engine (set once the services room is up). */
export interface Wiring {
  tickets: TicketStore;
  engine: Engine;
}

/**
 * The steps of a ticket's pagoPA job, each a call to GPD or Checkout and what follows from its answer: create
 * the position, get the Checkout link, tell the citizen, poll until paid, or withdraw it. The payer runs them
 * on claimed jobs and saves what they resolve.
 */
export class PaymentSteps {
  private readonly now: () => Date;

  constructor(private readonly options: PagoPaPayerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Runs a job's steps as far as they go now; resolves the job as it is to be saved. */
  async advance(job: PaymentJob, ticket: Ticket, wiring: Wiring): Promise<PaymentJob> {
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
    if (!read.ok)
      return read.retry ? this.retryLater(job, read) : this.fail(job, ticket, read.error, wiring, false);
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
  retryLater(job: PaymentJob, result: { error: string; retryAfterSeconds?: number }): PaymentJob {
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
