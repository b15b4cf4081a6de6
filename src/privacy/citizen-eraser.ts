import type { Logger } from 'pino';
import { IO_NOTICES } from '../appio/io-notice';
import { CONVERSATIONS, type ConversationState, conversationKey } from '../engine/conversation-state';
import { transcriptStream } from '../engine/transcript';
import type { ConversationRef } from '../engine/types';
import type { FileStore } from '../files';
import { HANDOFF_CLOSED, HANDOFF_QUEUE, type HandoffCase, notesStream } from '../handoff/handoff-case';
import { CITIZEN_IDENTITIES } from '../identity';
import { KB_FEEDBACK_STREAM, type KbFeedback } from '../kb/kb-skill';
import { APPOINTMENT_REMINDERS } from '../services/appointment-reminders';
import type { Ticket } from '../services/tickets/ticket';
import {
  CITIZEN_TICKETS,
  TICKETS,
  VERIFIED_TICKETS,
  verifiedTicketPrefix,
} from '../services/tickets/ticket-store';
import { updateVersioned } from '../storage/optimistic';
import type { Storage } from '../storage/storage';
import { anonymizeCase, anonymizeTicket, type ErasureReason, isErased } from './anonymize';
import type { ChannelRecords } from './channel-records';
import {
  citizenPseudonym,
  type ErasureCounts,
  emptyCounts,
  PRIVACY_AUDIT_STREAM,
  type PrivacyAuditEntry,
} from './privacy-audit';

/** The citizen whose data is erased: one user id on one channel. Never anyone else's. */
export type Citizen = Pick<ConversationRef, 'channel' | 'userId'>;

/** An extra erasure step another room registers for data it keeps about a citizen. */
export type ErasureStep = (citizen: Citizen, conversationKeys: readonly string[]) => Promise<number>;

/**
 * Resets a conversation state in place to a blank one that keeps only what the conversation needs to go on:
 * its key and channel ref (without display name), language, the welcome already shown, and the pointer to an
 * open handoff case (so a queued citizen stays queued).
 */
export function resetConversationState(state: ConversationState, at: Date): void {
  const { userName: _name, ...ref } = state.ref;
  const handoff = state.vars.handoff;
  state.ref = ref;
  state.stack = [];
  state.turns = 0;
  state.recentIds = '';
  state.vars = handoff ? { handoff } : {};
  state.createdAt = at.toISOString();
  state.updatedAt = at.toISOString();
}

/** The prefix of a citizen's ticket index keys (as the ticket store writes them). */
export function citizenTicketPrefix(citizen: Citizen): string {
  return `${encodeURIComponent(citizen.channel)}|${encodeURIComponent(citizen.userId)}|`;
}

/**
 * Erases one citizen's personal data on request, composing the storage primitives of every room: the
 * transcripts and states of their conversations on that channel, what the channel keeps about them (as it
 * declares in its {@link ChannelRecords}: activity streams, menus, references…), the personal fields of their tickets and handoff cases (records are kept,
 * fields become "[cancellato]"), the notes on those cases and their knowledge-base feedback. Writes one
 * audit entry with counts and a pseudonym, never personal data. Every step is idempotent: a failed erasure
 * can simply be run again.
 */
export class CitizenEraser {
  private readonly steps: Array<{ name: string; run: ErasureStep }> = [];

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly channels: readonly ChannelRecords[],
    private readonly now: () => Date = () => new Date(),
    private readonly files?: FileStore,
  ) {}

  /** Registers an extra step for data a room keeps about citizens (its result counts as channel records). */
  addStep(name: string, run: ErasureStep): this {
    this.steps.push({ name, run });
    return this;
  }

  /**
   * Erases the citizen's data. `current` is the state of the conversation the request came from: it is reset
   * in place (the engine saves it at the end of the turn) instead of being written here.
   */
  async erase(citizen: Citizen, current?: ConversationState): Promise<ErasureCounts> {
    const counts = emptyCounts();
    const at = this.now();
    const conversations = await this.conversationsOf(citizen);
    const keys = new Set(conversations.map((c) => c.key));
    if (current) keys.add(current.key);

    for (const c of await this.casesOf(keys)) {
      await this.storage.deleteStream(notesStream(c.id));
      if (await this.anonymizeCase(c, at)) counts.cases += 1;
    }
    const channel = this.channels.filter((c) => c.channel === citizen.channel);
    for (const key of keys) {
      const conversationId = key.slice(citizen.channel.length + 1);
      counts.transcripts += (await this.storage.deleteStream(transcriptStream(key))) > 0 ? 1 : 0;
      counts.files += (await this.files?.removeConversation(key)) ?? 0;
      for (const records of channel) {
        const removed = await records.eraseConversation(this.storage, { key, conversationId });
        counts.channelRecords += removed.records;
        counts.activityStreams += removed.streams;
      }
      // The identity the comune's portal vouched for in this conversation (SPID/CIE).
      if (await this.storage.delete(CITIZEN_IDENTITIES, key)) counts.channelRecords += 1;
      if (current?.key === key) {
        resetConversationState(current, at);
        counts.conversations += 1;
      } else if (await this.resetStored(key, at)) counts.conversations += 1;
    }
    // Records keyed by the citizen, not a conversation (the Cloud API's service window, by phone number).
    for (const records of channel)
      counts.channelRecords += (await records.eraseCitizen?.(this.storage, citizen.userId)) ?? 0;
    counts.tickets = await this.eraseTickets(citizen, at, 'request', counts);
    counts.feedback = await this.eraseFeedback(keys);
    for (const step of this.steps) counts.channelRecords += await step.run(citizen, [...keys]);

    const entry: PrivacyAuditEntry = {
      kind: 'erasure',
      at: at.toISOString(),
      channel: citizen.channel,
      citizen: await citizenPseudonym(this.storage, citizen.channel, citizen.userId),
      counts,
    };
    await this.storage.append(PRIVACY_AUDIT_STREAM, entry);
    this.logger.info(
      { channel: citizen.channel, citizen: entry.citizen, counts },
      'privacy: data erased on request',
    );
    return counts;
  }

  /**
   * Makes the personal data of the citizen's tickets anonymous and removes them from the citizen's index.
   * Resolves how many tickets changed.
   */
  async eraseTickets(
    citizen: Citizen,
    at: Date,
    reason: ErasureReason,
    counts?: ErasureCounts,
  ): Promise<number> {
    const index = await this.storage.list<{ protocol: string }>(CITIZEN_TICKETS, {
      prefix: citizenTicketPrefix(citizen),
    });
    let n = 0;
    for (const entry of index) {
      const ticket = await this.storage.get<Ticket>(TICKETS, entry.value.protocol);
      // The index is the ticket store's; trust it only for tickets that really are this citizen's.
      if (ticket && ticket.ref.channel === citizen.channel && ticket.ref.userId === citizen.userId) {
        // The ticket's files go with its personal data (its conversation may be long gone).
        const removed = await removeTicketFiles(this.files, ticket);
        if (counts) counts.files += removed;
        if (await anonymizeTicketIn(this.storage, ticket.protocol, at, reason)) n += 1;
        await deleteTicketPointers(this.storage, ticket);
      }
      await this.storage.delete(CITIZEN_TICKETS, entry.key);
    }
    return n;
  }

  /** The stored states of the citizen's conversations on the channel (same channel and user id only). */
  private async conversationsOf(citizen: Citizen): Promise<ConversationState[]> {
    const all = await this.storage.list<ConversationState>(CONVERSATIONS, { prefix: `${citizen.channel}:` });
    return all
      .map((e) => e.value)
      .filter((s) => s.ref.channel === citizen.channel && s.ref.userId === citizen.userId);
  }

  /** Open and closed handoff cases of these conversations. */
  private async casesOf(keys: ReadonlySet<string>): Promise<HandoffCase[]> {
    const open = await this.storage.list<HandoffCase>(HANDOFF_QUEUE);
    const closed = await this.storage.list<HandoffCase>(HANDOFF_CLOSED);
    return [...open, ...closed].map((e) => e.value).filter((c) => keys.has(c.conversation));
  }

  private async anonymizeCase(c: HandoffCase, at: Date): Promise<boolean> {
    const collection = c.status === 'closed' ? HANDOFF_CLOSED : HANDOFF_QUEUE;
    return updateVersioned<HandoffCase>(this.storage, collection, c.id, (stored) =>
      isErased(stored) ? undefined : anonymizeCase(stored, at, 'request'),
    );
  }

  /** Resets another stored conversation of the citizen (not the one of the current turn). */
  private resetStored(key: string, at: Date): Promise<boolean> {
    return updateVersioned<ConversationState>(this.storage, CONVERSATIONS, key, (state) => {
      resetConversationState(state, at);
      return state;
    });
  }

  /**
   * Removes the citizen's records from the knowledge-base feedback stream. Streams are append-only, so the
   * stream is rewritten without them (its numbering continues); feedback another citizen gives during the
   * rewrite could be lost, an accepted cost of a rare operation.
   */
  private async eraseFeedback(keys: ReadonlySet<string>): Promise<number> {
    const entries = await this.storage.read<KbFeedback>(KB_FEEDBACK_STREAM);
    const keep = entries.filter((e) => !keys.has(e.value.conversation));
    const removed = entries.length - keep.length;
    if (removed === 0) return 0;
    await this.storage.deleteStream(KB_FEEDBACK_STREAM);
    if (keep.length)
      await this.storage.batch(
        keep.map((e) => ({ op: 'append' as const, stream: KB_FEEDBACK_STREAM, value: e.value })),
      );
    return removed;
  }
}

/** Removes the files a ticket holds from the file store; resolves how many were there. */
export async function removeTicketFiles(files: FileStore | undefined, ticket: Ticket): Promise<number> {
  if (!files) return 0;
  let n = 0;
  const conversation = conversationKey(ticket.ref);
  for (const a of ticket.attachments ?? [])
    if (a.storedId && (await files.remove(conversation, a.storedId))) n += 1;
  return n;
}

/**
 * Removes what points from the citizen to a ticket outside it: its entry in the index by verified fiscal code
 * (when it was confirmed signed in), its app IO notices, which carry the codice fiscale and the message, and
 * the records of its appointment reminders.
 */
export async function deleteTicketPointers(storage: Storage, ticket: Ticket): Promise<void> {
  if (ticket.identity)
    await storage.delete(
      VERIFIED_TICKETS,
      verifiedTicketPrefix(ticket.identity.fiscalNumber) + ticket.protocol,
    );
  for (const { key } of await storage.list(IO_NOTICES, { prefix: `${ticket.protocol}|` }))
    await storage.delete(IO_NOTICES, key);
  for (const { key } of await storage.list(APPOINTMENT_REMINDERS, { prefix: `${ticket.protocol}|` }))
    await storage.delete(APPOINTMENT_REMINDERS, key);
}

/**
 * Replaces a ticket's personal data (see {@link anonymizeTicket}) with optimistic concurrency, so a status
 * change by the back office at the same moment is neither lost nor overwritten. Resolves `false` when the
 * ticket is absent or already anonymous.
 */
export function anonymizeTicketIn(
  storage: Storage,
  protocol: string,
  at: Date,
  reason: ErasureReason,
): Promise<boolean> {
  return updateVersioned<Ticket>(storage, TICKETS, protocol, (ticket) =>
    isErased(ticket) ? undefined : anonymizeTicket(ticket, at, reason),
  );
}
