import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { CONVERSATIONS, type ConversationState } from '../engine/conversation-state';
import { transcriptStream } from '../engine/transcript';
import type { FileStore } from '../files';
import { HANDOFF_CLOSED, type HandoffCase, notesStream } from '../handoff/handoff-case';
import { CITIZEN_IDENTITIES } from '../identity';
import { KB_FEEDBACK_STREAM, KB_UNANSWERED_STREAM } from '../kb/kb-skill';
import type { Ticket, TicketStatus } from '../services/tickets/ticket';
import { CITIZEN_TICKETS, TICKETS } from '../services/tickets/ticket-store';
import { VersionConflictError } from '../storage/errors';
import { updateVersioned } from '../storage/optimistic';
import type { Storage } from '../storage/storage';
import { anonymizeCase, anonymizeTicket, isErased } from './anonymize';
import type { ChannelRecords } from './channel-records';
import { citizenTicketPrefix, deleteTicketPointers, removeTicketFiles } from './citizen-eraser';
import { Lease } from './lease';
import {
  type ErasureCounts,
  emptyCounts,
  PRIVACY_AUDIT_STREAM,
  type PrivacyAuditEntry,
} from './privacy-audit';

/** Ticket statuses after which the back office is done with a ticket. */
export const CLOSED_TICKET_STATUSES: readonly TicketStatus[] = ['completed', 'rejected', 'cancelled'];

const DAY_MS = 24 * 60 * 60 * 1000;
const LEASE_NAME = 'retention-sweep';
const MIN_LEASE_MS = 15 * 60 * 1000;
/** The first sweep runs this long after start-up, once the process has settled. */
const FIRST_SWEEP_DELAY_MS = 30_000;

/** What the retention job needs. */
export interface RetentionOptions {
  storage: Storage;
  logger: Logger;
  /** Personal data older than this many days is purged; 0 keeps everything forever (no job runs). */
  retentionDays: number;
  now?: () => Date;
  /** This instance's name in the lease and the audit log (default: host name and process id). */
  instance?: string;
  /** The files citizens sent: swept with their conversations and tickets. */
  files?: FileStore;
  /** What each channel keeps about conversations and citizens, removed with them. */
  channels: readonly ChannelRecords[];
}

/** The outcome of one {@link RetentionSweeper.sweep}. */
export type SweepResult =
  | { swept: true; cutoff: Date; counts: ErasureCounts }
  | { swept: false; reason: 'disabled' | 'busy' };

/** When a ticket was closed: the time of its last closing status change. */
export function closedAt(ticket: Ticket): string | undefined {
  if (!CLOSED_TICKET_STATUSES.includes(ticket.status)) return undefined;
  const last = ticket.history.findLast((e) => e.status === ticket.status);
  return last?.at ?? ticket.updatedAt;
}

/**
 * The `RETENTION_DAYS` job. Each sweep purges conversations inactive for longer than the retention period
 * (state, transcript, web chat activities, channel records), and makes anonymous the personal data of tickets
 * and handoff cases closed longer ago than that, and drops older knowledge-base feedback and unanswered-question
 * records. Open tickets and conversations with an open handoff case are
 * never touched. A lease document makes sure only one instance sweeps at a time; each sweep appends one
 * audit entry with counts only.
 */
export class RetentionSweeper {
  private readonly now: () => Date;
  private readonly instance: string;
  private readonly lease: Lease;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: RetentionOptions) {
    this.now = options.now ?? (() => new Date());
    this.instance = options.instance ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.lease = new Lease(options.storage, LEASE_NAME, this.instance);
  }

  /** Runs one sweep now, unless retention is disabled or another instance holds the lease. */
  async sweep(leaseMs = MIN_LEASE_MS): Promise<SweepResult> {
    const { retentionDays, storage, logger } = this.options;
    if (retentionDays <= 0) return { swept: false, reason: 'disabled' };
    const now = this.now();
    if (!(await this.lease.acquire(now, leaseMs))) return { swept: false, reason: 'busy' };
    try {
      const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
      const counts = emptyCounts();
      await this.purgeConversations(cutoff, counts);
      await this.anonymizeTickets(cutoff, now, counts);
      await this.anonymizeCases(cutoff, now, counts);
      await this.sweepChannels(cutoff, counts);
      counts.feedback += await this.pruneStream(KB_FEEDBACK_STREAM, cutoff);
      counts.feedback += await this.pruneStream(KB_UNANSWERED_STREAM, cutoff);
      counts.files += await this.sweepFiles(cutoff);
      const entry: PrivacyAuditEntry = {
        kind: 'retention',
        at: now.toISOString(),
        retentionDays,
        cutoff: cutoff.toISOString(),
        counts,
        instance: this.instance,
      };
      await storage.append(PRIVACY_AUDIT_STREAM, entry);
      logger.info({ counts, cutoff: entry.cutoff }, 'privacy: retention sweep done');
      return { swept: true, cutoff, counts };
    } finally {
      await this.lease.release(this.now());
    }
  }

  /** Sweeps every `intervalMinutes` (first shortly after start-up); timers never keep the process alive. */
  start(intervalMinutes: number, firstDelayMs = FIRST_SWEEP_DELAY_MS): void {
    if (this.options.retentionDays <= 0 || this.timers.length) return;
    const intervalMs = intervalMinutes * 60_000;
    const run = () => {
      if (this.running) return; // a slow sweep is still going: skip this tick
      this.running = this.sweep(Math.max(MIN_LEASE_MS, intervalMs))
        .catch((err) => this.options.logger.error({ err }, 'privacy: retention sweep failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timers.push(setTimeout(run, firstDelayMs).unref(), setInterval(run, intervalMs).unref());
  }

  /** Stops the timers and waits for a sweep in progress. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.running;
  }

  private async purgeConversations(cutoff: Date, counts: ErasureCounts): Promise<void> {
    const { storage } = this.options;
    const limit = cutoff.toISOString();
    for (const { key, value } of await storage.list<ConversationState>(CONVERSATIONS)) {
      if (value.updatedAt >= limit || value.vars.handoff) continue;
      if (!(await this.deleteIfUnchanged(key, limit))) continue;
      counts.conversations += 1;
      const { channel, conversationId } = value.ref;
      if ((await storage.deleteStream(transcriptStream(key))) > 0) counts.transcripts += 1;
      for (const records of this.options.channels) {
        if (records.channel !== channel) continue;
        const removed = await records.purgeConversation(storage, { key, conversationId });
        counts.channelRecords += removed.records;
        counts.activityStreams += removed.streams;
      }
      // The identity the comune's portal vouched for in this conversation (SPID/CIE).
      if (await storage.delete(CITIZEN_IDENTITIES, key)) counts.channelRecords += 1;
    }
  }

  /**
   * Deletes a conversation state only if it is still inactive: the unchanged write guards the delete in one
   * atomic batch, so a citizen writing at this very moment keeps the conversation.
   */
  private async deleteIfUnchanged(key: string, limit: string): Promise<boolean> {
    const { storage } = this.options;
    const stored = await storage.getVersioned<ConversationState>(CONVERSATIONS, key);
    if (!stored || stored.value.updatedAt >= limit || stored.value.vars.handoff) return false;
    try {
      await storage.batch([
        { op: 'put', collection: CONVERSATIONS, key, value: stored.value, expectVersion: stored.version },
        { op: 'delete', collection: CONVERSATIONS, key },
      ]);
      return true;
    } catch (err) {
      if (err instanceof VersionConflictError) return false;
      throw err;
    }
  }

  private async anonymizeTickets(cutoff: Date, now: Date, counts: ErasureCounts): Promise<void> {
    const { storage } = this.options;
    const limit = cutoff.toISOString();
    for (const { value: ticket } of await storage.list<Ticket>(TICKETS)) {
      const closed = closedAt(ticket);
      if (!closed || closed >= limit || isErased(ticket)) continue;
      await storage.delete(CITIZEN_TICKETS, citizenTicketPrefix(ticket.ref) + ticket.protocol);
      await deleteTicketPointers(storage, ticket);
      // Re-checked on the fresh copy: a ticket reopened meanwhile is left alone.
      let before: Ticket | undefined;
      const changed = await updateVersioned<Ticket>(storage, TICKETS, ticket.protocol, (fresh) => {
        const freshClosed = closedAt(fresh);
        before = fresh;
        return freshClosed && freshClosed < limit && !isErased(fresh)
          ? anonymizeTicket(fresh, now, 'retention')
          : undefined;
      });
      if (!changed) continue;
      counts.tickets += 1;
      if (before) counts.files += await removeTicketFiles(this.options.files, before);
    }
  }

  private async anonymizeCases(cutoff: Date, now: Date, counts: ErasureCounts): Promise<void> {
    const { storage } = this.options;
    const limit = cutoff.toISOString();
    for (const { key, value } of await storage.list<HandoffCase>(HANDOFF_CLOSED)) {
      const closed = value.closedAt ?? value.requestedAt;
      if (closed >= limit || isErased(value)) continue;
      await storage.deleteStream(notesStream(key));
      const changed = await updateVersioned<HandoffCase>(storage, HANDOFF_CLOSED, key, (c) =>
        isErased(c) ? undefined : anonymizeCase(c, now, 'retention'),
      );
      if (changed) counts.cases += 1;
    }
  }

  /**
   * Drops the entries of an `{at}` stream older than the cut-off. Streams are append-only, so the stream is
   * rewritten with the recent entries (its numbering continues); an entry appended during the rewrite could be
   * lost, an accepted cost for statistics records.
   */
  private async pruneStream(stream: string, cutoff: Date): Promise<number> {
    const { storage } = this.options;
    const limit = cutoff.toISOString();
    const entries = await storage.read<{ at?: string }>(stream);
    const keep = entries.filter((e) => (e.value.at ?? e.at.toISOString()) >= limit);
    if (keep.length === entries.length) return 0;
    await storage.deleteStream(stream);
    if (keep.length)
      await storage.batch(keep.map((e) => ({ op: 'append' as const, stream, value: e.value })));
    return entries.length - keep.length;
  }

  /**
   * Removes the files sent before the cut-off that nothing holds any more: neither a conversation still in
   * storage (it was active after the cut-off) nor a ticket not yet anonymous. Runs after the purges above,
   * so the files of the conversations just purged go now.
   */
  private async sweepFiles(cutoff: Date): Promise<number> {
    const { storage, files } = this.options;
    if (!files) return 0;
    const held = new Set<string>();
    for (const { value: ticket } of await storage.list<Ticket>(TICKETS))
      if (!isErased(ticket)) for (const a of ticket.attachments ?? []) if (a.storedId) held.add(a.storedId);
    const live = new Set((await storage.list<ConversationState>(CONVERSATIONS)).map((e) => e.key));
    return files.sweep(cutoff, (file) => held.has(file.id) || live.has(file.conversation));
  }

  /** Records channels keep per citizen rather than per conversation (the Cloud API's service windows). */
  private async sweepChannels(cutoff: Date, counts: ErasureCounts): Promise<void> {
    for (const records of this.options.channels)
      counts.channelRecords += (await records.sweep?.(this.options.storage, cutoff.toISOString())) ?? 0;
  }
}
