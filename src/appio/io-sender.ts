import type { Logger } from 'pino';
import type { Ticket } from '../services/tickets/ticket';
import type { TicketOutbox } from '../services/tickets/ticket-store';
import { saveWorked, workDueItems } from '../shared/due-work';
import { PolledOutbox } from '../shared/polled-outbox';
import type { BatchOp, Storage } from '../storage/storage';
import type { IoCallResult, IoClient } from './io-client';
import {
  IO_NOTICES,
  IO_OPT_OUTS,
  type IoNotice,
  type IoNoticeState,
  noticeContent,
  noticeKey,
  reminderContent,
} from './io-notice';

/** Settings of the {@link IoSender}. */
export interface IoSenderOptions {
  storage: Storage;
  logger: Logger;
  client: IoClient;
  /** The comune's name, in the messages. */
  city: string;
  now?: () => Date;
  /** Delay before the first retry; doubles at each failure (default 5 s). */
  baseDelayMs?: number;
  /** Longest delay between retries (default 1 h). */
  maxDelayMs?: number;
  /** Attempts before a notice is given up as failed (default 12). */
  maxAttempts?: number;
  /** How often pending notices are looked at when nothing kicks the sender (default 5 s). */
  pollMs?: number;
}

/** How long an instance holds a notice it is sending. */
const CLAIM_MS = 60_000;

/**
 * Sends ticket notices to the app IO from a durable outbox in storage (the webhook's pattern): a notice is
 * queued in the ticket's own batch, once per ticket and status; the sender checks the citizen's profile
 * (`sender_allowed`), then submits the message, and keeps the outcome with the notice for operators. 429 and
 * 5xx are retried with backoff (IO's `Retry-After` when given); requests are paced under the per-key limit;
 * a notice is claimed before it is sent, so two instances never send it both.
 */
export class IoSender extends PolledOutbox implements TicketOutbox {
  private readonly now: () => Date;

  constructor(private readonly options: IoSenderOptions) {
    super({
      name: 'io sending',
      logger: options.logger,
      pollMs: options.pollMs ?? 5000,
    });
    this.now = options.now ?? (() => new Date());
  }

  /** Queues the notice of the ticket's current status, when the citizen agreed and none was queued for it. */
  async ops(ticket: Ticket, now: Date): Promise<BatchOp[]> {
    if (!ticket.io) return [];
    const key = noticeKey(ticket.protocol, ticket.status);
    if (await this.options.storage.get(IO_NOTICES, key)) return []; // never twice for one status
    const at = now.toISOString();
    const notice: IoNotice = {
      protocol: ticket.protocol,
      status: ticket.status,
      fiscalCode: ticket.io.fiscalCode,
      ...noticeContent(ticket, this.options.city),
      state: 'pending',
      createdAt: at,
      attempts: 0,
      nextAttemptAt: at,
    };
    // Written only if still absent: a notice queued meanwhile makes the ticket's batch retry, and then skip it.
    return [{ op: 'put', collection: IO_NOTICES, key, value: notice, expectVersion: null }];
  }

  /**
   * Queues the reminder of a ticket's appointment tomorrow (`when` as the citizen reads it), keyed
   * `protocol|reminder`, when the citizen agreed to IO updates and none was queued for it: one per ticket.
   */
  async reminderOps(ticket: Ticket, when: string, now: Date): Promise<BatchOp[]> {
    if (!ticket.io) return [];
    const key = noticeKey(ticket.protocol, 'reminder');
    if (await this.options.storage.get(IO_NOTICES, key)) return [];
    const at = now.toISOString();
    const notice: IoNotice = {
      protocol: ticket.protocol,
      status: 'reminder',
      fiscalCode: ticket.io.fiscalCode,
      ...reminderContent(ticket, when, this.options.city),
      state: 'pending',
      createdAt: at,
      attempts: 0,
      nextAttemptAt: at,
    };
    return [{ op: 'put', collection: IO_NOTICES, key, value: notice, expectVersion: null }];
  }

  /** The notices of a ticket, oldest first: what was sent to IO and whether IO accepted it. */
  async noticesOf(protocol: string): Promise<IoNotice[]> {
    const entries = await this.options.storage.list<IoNotice>(IO_NOTICES, { prefix: `${protocol}|` });
    return entries.map((e) => e.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  protected round(): Promise<number> {
    return workDueItems<IoNotice>({
      storage: this.options.storage,
      collection: IO_NOTICES,
      now: this.now(),
      claimMs: CLAIM_MS,
      isOpen: (notice) => notice.state === 'pending',
      stopped: () => this.loop.isStopped,
      work: (key, notice, version) => this.send(key, { notice, version }),
    });
  }

  private async send(key: string, { notice, version }: { notice: IoNotice; version: number }): Promise<void> {
    const { storage, client, logger } = this.options;
    const finish = (state: IoNoticeState, extra: Partial<IoNotice> = {}) =>
      this.save(key, version, { ...notice, state, attempts: notice.attempts + 1, ...extra });
    if (await storage.get(IO_OPT_OUTS, notice.fiscalCode)) return finish('opted_out');
    const profile = await client.senderAllowed(notice.fiscalCode);
    if (!profile.ok) return this.failed(key, version, notice, profile);
    if (profile.value === 'no_profile') return finish('no_profile');
    if (!profile.value) return finish('not_allowed');
    const sent = await client.submitMessage(notice.fiscalCode, {
      subject: notice.subject,
      markdown: notice.markdown,
    });
    if (!sent.ok) return this.failed(key, version, notice, sent);
    logger.info(
      { protocol: notice.protocol, status: notice.status, attempts: notice.attempts + 1 },
      'io: message sent',
    );
    return finish('sent', { messageId: sent.value, sentAt: this.now().toISOString() });
  }

  /** Schedules a retry of a notice IO refused for now, or gives it up. */
  private async failed(
    key: string,
    version: number,
    notice: IoNotice,
    result: Extract<IoCallResult<unknown>, { ok: false }>,
  ): Promise<void> {
    const attempts = notice.attempts + 1;
    const giveUp = !result.retry || attempts >= (this.options.maxAttempts ?? 12);
    const base = this.options.baseDelayMs ?? 5000;
    const backoff =
      Math.min(this.options.maxDelayMs ?? 3_600_000, base * 2 ** (attempts - 1)) *
      (0.8 + Math.random() * 0.4);
    // IO's Retry-After, when it said one, is the earliest it wants to hear from us again.
    const delay =
      result.retry && result.retryAfterSeconds !== undefined
        ? Math.max(result.retryAfterSeconds * 1000, 0)
        : backoff;
    this.options.logger.warn(
      { protocol: notice.protocol, status: notice.status, attempts, error: result.error, giveUp },
      'io: message not sent',
    );
    await this.save(key, version, {
      ...notice,
      attempts,
      lastError: result.error,
      state: giveUp ? 'failed' : 'pending',
      nextAttemptAt: new Date(this.now().getTime() + (giveUp ? 0 : delay)).toISOString(),
    });
    if (!giveUp && delay < (this.options.pollMs ?? 5000)) setTimeout(() => this.kick(), delay + 1).unref();
  }

  private async save(key: string, version: number, notice: IoNotice): Promise<void> {
    const claim = { version, until: notice.claimedUntil };
    if (!(await saveWorked(this.options.storage, IO_NOTICES, key, claim, notice)))
      this.options.logger.warn({ key }, 'io: notice changed while it was being sent');
  }
}
