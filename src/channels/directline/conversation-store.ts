import { randomBytes } from 'node:crypto';
import { VersionConflictError } from '../../storage/errors';
import type { Storage } from '../../storage/storage';
import { type Activity, type ActivitySet, activityId } from './activity';

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

/** The stream holding a conversation's activities; its sequence numbers are the watermarks. */
export function activityStream(conversationId: string): string {
  return `dl:${conversationId}`;
}

/**
 * Keeps Direct Line conversations and their activities (user echoes and bot replies) in storage, so the
 * history and watermarks survive restarts and are shared by every instance.
 */
export class ConversationStore {
  // Conversations never change once created, so every instance may cache them: one read less per message.
  private readonly cache = new Map<string, DlConversation>();

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
    if (conversation) this.remember(conversation);
    return conversation;
  }

  private remember(conversation: DlConversation): void {
    if (this.cache.size >= CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(conversation.id, conversation);
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
      this.remember(conversation);
      return { conversation, created: true };
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
      const winner = await this.get(conversationId);
      if (!winner) throw err;
      return { conversation: winner, created: false };
    }
  }

  /**
   * Appends activities atomically and returns them with their ids, plus the new watermark. (The storage
   * backends group concurrent writes into one commit, so many conversations at once share a transaction.)
   */
  async append(conversationId: string, activities: readonly Activity[]): Promise<ActivitySet> {
    const seqs = await this.storage.batch(
      activities.map((value) => ({ op: 'append' as const, stream: activityStream(conversationId), value })),
    );
    return {
      activities: activities.map((a, i) => ({ ...a, id: activityId(conversationId, seqs[i] ?? 0) })),
      watermark: String(seqs.at(-1) ?? 0),
    };
  }

  /** Reads activities after a watermark, at most {@link PAGE_SIZE}; the watermark stays put when none are new. */
  async read(conversationId: string, after: number): Promise<ActivitySet> {
    const entries = await this.storage.read<Activity>(activityStream(conversationId), {
      after,
      limit: PAGE_SIZE,
    });
    return {
      activities: entries.map((e) => ({ ...e.value, id: activityId(conversationId, e.seq) })),
      watermark: String(entries.at(-1)?.seq ?? after),
    };
  }
}

/** Parses a `watermark` query value: empty means "from the start"; anything but a whole number is refused. */
export function parseWatermark(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
