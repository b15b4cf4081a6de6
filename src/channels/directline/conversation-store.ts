import { randomBytes } from 'node:crypto';
import { conversationKey } from '../../engine/conversation-state';
import { type TranscriptEntry, transcriptStream } from '../../engine/transcript';
import { BoundedMap } from '../../shared/bounded-map';
import { VersionConflictError } from '../../storage/errors';
import type { Storage } from '../../storage/storage';
import type { ActivitySet } from './activity';
import { activityFromTranscript, WEBCHAT_CHANNEL } from './activity-mapper';

/** Storage collection of Direct Line conversations. */
export const DL_CONVERSATIONS = 'directline-conversations';

/** Most activities returned by one `GET …/activities` or one history frame. */
export const PAGE_SIZE = 200;

const CACHE_SIZE = 10_000;

/** A Direct Line conversation: its id and the citizen it belongs to. */
export interface DlConversation {
  id: string;
  /** The citizen's id, fixed at creation and carried in every token of the conversation. */
  userId: string;
  createdAt: string;
}

/** Shape of conversation ids this server issues (no `|`, safe in URLs and storage keys). */
export const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The stream where earlier versions kept a copy of each conversation's activities. History now comes from
 * the engine's transcript; erasure and retention still remove this stream from databases written before.
 */
export function activityStream(conversationId: string): string {
  return `dl:${conversationId}`;
}

/** The engine's transcript stream of a web chat conversation: its sequence numbers are the watermarks. */
export function historyStream(conversationId: string): string {
  return transcriptStream(conversationKey({ channel: WEBCHAT_CHANNEL, conversationId }));
}

/**
 * Keeps Direct Line conversations in storage and reads their activities from the engine's transcript (the
 * citizen's messages and every reply, stored once), so the history and watermarks survive restarts and are
 * shared by every instance.
 */
export class ConversationStore {
  // Conversations never change once created, so every instance may cache them: one read less per message.
  private readonly cache = new BoundedMap<string, DlConversation>(CACHE_SIZE);

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
  ) {}

  /** New random ids for a conversation and its citizen; nothing is stored until {@link ensure}. */
  newIds(): { conversationId: string; userId: string } {
    return {
      conversationId: randomBytes(16).toString('base64url'),
      userId: `dl_${randomBytes(12).toString('base64url')}`,
    };
  }

  /** Reads a conversation. */
  async get(conversationId: string): Promise<DlConversation | undefined> {
    const cached = this.cache.get(conversationId);
    if (cached) return cached;
    const conversation = await this.storage.get<DlConversation>(DL_CONVERSATIONS, conversationId);
    if (conversation) this.cache.set(conversation.id, conversation);
    return conversation;
  }

  /** Creates the conversation unless it exists; `created` tells which. */
  async ensure(
    conversationId: string,
    userId: string,
  ): Promise<{ conversation: DlConversation; created: boolean }> {
    const existing = await this.get(conversationId);
    if (existing) return { conversation: existing, created: false };
    const conversation: DlConversation = { id: conversationId, userId, createdAt: this.now().toISOString() };
    try {
      await this.storage.put(DL_CONVERSATIONS, conversationId, conversation, { expectVersion: null });
      this.cache.set(conversation.id, conversation);
      return { conversation, created: true };
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
      const winner = await this.get(conversationId);
      if (!winner) throw err;
      return { conversation: winner, created: false };
    }
  }

  /**
   * The watermark to read a client's activities from: its own, or the conversation's head when it is beyond
   * it. Such a watermark counts another numbering (kept by a page open while the database was restored from a
   * backup, or by an older version that numbered activities apart): the client is taken to have seen the
   * history, and gets everything stored from now on. Call it before reading or subscribing: what is stored
   * after it has a higher number than the head it returns.
   */
  async startFrom(conversationId: string, watermark: number): Promise<number> {
    if (watermark === 0) return 0;
    return Math.min(watermark, await this.storage.lastSeq(historyStream(conversationId)));
  }

  /**
   * Reads activities after a watermark, at most {@link PAGE_SIZE}; the watermark stays put when none are
   * new. A reply's `replyToId` is the citizen's message before it on the same page.
   */
  async read(conversationId: string, after: number): Promise<ActivitySet> {
    const conversation = await this.get(conversationId);
    if (!conversation) return { activities: [], watermark: String(after) };
    const entries = await this.storage.read<TranscriptEntry>(historyStream(conversationId), {
      after,
      limit: PAGE_SIZE,
    });
    const ref = { conversationId, userId: conversation.userId };
    let lastIn: string | undefined;
    const activities = entries.map((e) => {
      const activity = activityFromTranscript(e.value, e.seq, ref, lastIn);
      if (e.value.dir === 'in') lastIn = activity.id;
      return activity;
    });
    return { activities, watermark: String(entries.at(-1)?.seq ?? after) };
  }
}

/** Parses a `watermark` query value: empty means "from the start"; anything but a whole number is refused. */
export function parseWatermark(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
