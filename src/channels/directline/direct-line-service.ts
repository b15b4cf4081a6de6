import type { Logger } from 'pino';
import type { Engine } from '../../engine/engine';
import { SportelloError } from '../../engine/errors';
import { KeyedQueue } from '../../engine/keyed-queue';
import type { OutboundReply } from '../../engine/types';
import { HttpError } from '../../http/http-error';
import type { ActivitySet } from './activity';
import { clientActivityId, toBotActivity, toInbound, userActivity } from './activity-mapper';
import type { Principal } from './auth';
import { CONVERSATION_ID, type ConversationStore, type DlConversation } from './conversation-store';
import type { PostedActivity } from './schemas';
import type { StreamHub } from './stream-hub';

const RECENT_CLIENT_IDS = 10_000;

/** The engine failed to answer a posted message (the message itself is stored). */
export class EngineUnavailableError extends SportelloError {
  constructor(
    readonly conversationId: string,
    cause: unknown,
  ) {
    super('engine_unavailable', `The engine could not handle a message of conversation ${conversationId}`, {
      cause,
    });
  }
}

/**
 * What happens behind the Direct Line endpoints: resolving a caller's conversation, storing and echoing the
 * citizen's activity, asking the engine, storing and streaming the replies.
 */
export class DirectLineService {
  private readonly queue = new KeyedQueue();
  /** Recently stored `conversation\nclientActivityID` → activity id, so a client retry is not stored twice. */
  private readonly recentClientIds = new Map<string, string>();

  constructor(
    readonly store: ConversationStore,
    readonly hub: StreamHub,
    private readonly engine: Engine,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * The conversation a caller may use: a token's conversation is created on first use (its id is signed, so
   * it is trusted); with the secret the conversation must exist. Throws 404 otherwise.
   */
  async conversationFor(principal: Principal, conversationId: string): Promise<DlConversation> {
    if (!CONVERSATION_ID.test(conversationId))
      throw new HttpError(404, 'conversation_not_found', 'Unknown conversation.');
    if (principal.kind === 'token') {
      const { conversation } = await this.store.ensure(conversationId, principal.claims.userId);
      return conversation;
    }
    const conversation = await this.store.get(conversationId);
    if (!conversation) throw new HttpError(404, 'conversation_not_found', 'Unknown conversation.');
    return conversation;
  }

  /**
   * Stores and echoes the citizen's activity, then (for messages) runs the engine and sends its replies.
   * Activities of one conversation are processed one at a time, so the transcript reads question → answer.
   * Resolves the id of the stored user activity.
   */
  post(conversation: DlConversation, posted: PostedActivity): Promise<string> {
    return this.queue.run(conversation.id, async () => {
      const at = this.now();
      const activity = userActivity(posted, conversation.id, conversation.userId, at);
      const clientId = clientActivityId(activity);
      const retryKey = clientId ? `${conversation.id}\n${clientId}` : undefined;
      const earlier = retryKey ? this.recentClientIds.get(retryKey) : undefined;
      if (earlier) return earlier;
      const echo = await this.store.append(conversation.id, [activity]);
      this.hub.publish(conversation.id, echo);
      const stored = echo.activities[0];
      if (!stored?.id) throw new Error('append returned no activity');
      if (stored.type !== 'message') {
        if (retryKey) this.rememberClientId(retryKey, stored.id);
        return stored.id;
      }

      let replies: OutboundReply[];
      try {
        replies = await this.engine.handle(toInbound(stored, at));
      } catch (err) {
        this.logger.error({ err, conversation: conversation.id }, 'engine failed on a web chat message');
        throw new EngineUnavailableError(conversation.id, err);
      }
      await this.deliver(conversation.id, conversation.userId, replies, stored.id);
      // Only once answered: a retry after a failure must be handled again, not acknowledged.
      if (retryKey) this.rememberClientId(retryKey, stored.id);
      return stored.id;
    });
  }

  private rememberClientId(key: string, id: string): void {
    if (this.recentClientIds.size >= RECENT_CLIENT_IDS) {
      const oldest = this.recentClientIds.keys().next().value;
      if (oldest !== undefined) this.recentClientIds.delete(oldest);
    }
    this.recentClientIds.set(key, id);
  }

  /** Stores bot replies as activities and pushes them to the conversation's streams. */
  async deliver(
    conversationId: string,
    userId: string,
    replies: readonly OutboundReply[],
    replyToId?: string,
  ): Promise<ActivitySet | undefined> {
    if (replies.length === 0) return undefined;
    const at = this.now();
    const set = await this.store.append(
      conversationId,
      replies.map((r) => toBotActivity(r, { conversationId, userId }, at, replyToId)),
    );
    this.hub.publish(conversationId, set);
    return set;
  }
}
