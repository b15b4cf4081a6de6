import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RecordedReplies } from '../../engine/channel';
import type { Engine } from '../../engine/engine';
import type { Attachment, OutboundReply } from '../../engine/types';
import { HttpError } from '../../http/http-error';
import { BoundedMap } from '../../shared/bounded-map';
import { SportelloError } from '../../shared/errors';
import { KeyedQueue } from '../../shared/keyed-queue';
import { type Activity, type ActivitySet, activityId } from './activity';
import { clientActivityId, toBotActivity, toInbound, userActivity, WEBCHAT_CHANNEL } from './activity-mapper';
import type { Principal } from './auth';
import { CONVERSATION_ID, type ConversationStore, type DlConversation } from './conversation-store';
import type { PostedActivity } from './schemas';
import type { StreamHub } from './stream-hub';

const RECENT_CLIENT_IDS = 10_000;

/** The event the web chat page posts when it opens the chat, so the citizen is greeted before typing. */
export const OPEN_EVENT = 'startConversation';

/** The engine failed to handle a posted message: nothing of it was recorded. */
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

/** The engine refused a posted message (a flood): it was not stored; the citizen may write again later. */
export class MessageRefusedError extends SportelloError {
  constructor(
    readonly conversationId: string,
    readonly retryAfterSeconds: number,
  ) {
    super('message_refused', `A message of conversation ${conversationId} was refused (too many too fast)`);
  }
}

/** Files of an upload, already stored: what the engine is told, and how to drop them if the message is not kept. */
export interface PostedFiles {
  attachments: Attachment[];
  /** Removes the stored files: the message was refused, failed, or is a retry of one already handled. */
  discard(): Promise<void>;
}

/**
 * What happens behind the Direct Line endpoints: resolving a caller's conversation, handing the citizen's
 * message to the engine (which records it and the replies in the transcript, in one write), then echoing the
 * message and streaming the replies with their transcript positions as ids and watermark.
 */
export class DirectLineService {
  private readonly queue = new KeyedQueue();
  /** Recently answered `conversation\nclientActivityID` → activity id, so a client retry is not handled twice. */
  private readonly recentClientIds = new BoundedMap<string, string>(RECENT_CLIENT_IDS);

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
   * Runs a posted message through the engine, then echoes it with the replies on the conversation's streams.
   * Activities of one conversation are processed one at a time, so the transcript reads question → answer.
   * The page's `startConversation` event has the engine greet a new conversation (once); other activity
   * types (typing, other events) are acknowledged and dropped: the engine answers messages only.
   * Resolves the id of the citizen's activity; rejects with {@link MessageRefusedError} when the engine
   * refused the message (after streaming the one "slow down" it may have said). `clientAddress` is where the
   * post came from, for the handoff room's per-address limit; it is not stored. `files` are an upload's
   * stored files: the engine gets them as the message's attachments, and they are discarded when the message
   * is not kept (refused, failed, or a retry already handled).
   */
  post(
    conversation: DlConversation,
    posted: PostedActivity,
    clientAddress?: string,
    files?: PostedFiles,
  ): Promise<string> {
    const run = this.queue.run(conversation.id, () =>
      this.handle(conversation, posted, clientAddress, files),
    );
    if (!files) return run.then((r) => r.id);
    return run.then(
      async (r) => {
        if (!r.recorded) await files.discard();
        return r.id;
      },
      async (err: unknown) => {
        await files.discard();
        throw err;
      },
    );
  }

  private async handle(
    conversation: DlConversation,
    posted: PostedActivity,
    clientAddress: string | undefined,
    files: PostedFiles | undefined,
  ): Promise<{ id: string; recorded: boolean }> {
    const received = this.now();
    const activity = userActivity(posted, conversation.id, conversation.userId, received);
    activity.id = `${conversation.id}|${randomUUID()}`;
    if (activity.type === 'event' && activity.name === OPEN_EVENT) return this.open(conversation, activity);
    if (activity.type !== 'message') return { id: activity.id, recorded: false };
    const clientId = clientActivityId(activity);
    const retryKey = clientId ? `${conversation.id}\n${clientId}` : undefined;
    const earlier = retryKey ? this.recentClientIds.get(retryKey) : undefined;
    if (earlier) return { id: earlier, recorded: false };

    let turn: Awaited<ReturnType<Engine['handleTurn']>>;
    try {
      const inbound = toInbound(activity, received);
      if (files) inbound.attachments = files.attachments;
      if (clientAddress) inbound.clientAddress = clientAddress;
      turn = await this.engine.handleTurn(inbound);
    } catch (err) {
      this.logger.error({ err, conversation: conversation.id }, 'engine failed on a web chat message');
      throw new EngineUnavailableError(conversation.id, err);
    }
    if (turn.refused) {
      const { replies, replySeqs, at } = turn;
      const ref = { conversationId: conversation.id, userId: conversation.userId };
      const last = replySeqs.at(-1);
      if (last !== undefined)
        this.hub.publish(conversation.id, String(last), () =>
          botActivities(replies, ref, { at, seqs: replySeqs }),
        );
      throw new MessageRefusedError(conversation.id, turn.refused.retryAfterSeconds);
    }
    // A redelivery another instance already answered: nothing new to show.
    if (turn.inboundSeq === undefined) return { id: activity.id, recorded: false };
    const echoId = activityId(conversation.id, turn.inboundSeq);
    const { replies, replySeqs, at } = turn;
    this.hub.publish(conversation.id, String(replySeqs.at(-1) ?? turn.inboundSeq), () => {
      // The echo is the activity itself, now with its transcript position and the recorded time.
      activity.id = echoId;
      activity.timestamp = at.toISOString();
      const ref = { conversationId: conversation.id, userId: conversation.userId };
      return [activity, ...botActivities(replies, ref, { at, seqs: replySeqs }, echoId)];
    });
    // Only once answered: a retry after a failure must be handled again, not acknowledged.
    if (retryKey) this.recentClientIds.set(retryKey, echoId);
    return { id: echoId, recorded: true };
  }

  /** The page opened the chat: the engine greets a new conversation, once; the greeting goes to the streams. */
  private async open(
    conversation: DlConversation,
    activity: Activity,
  ): Promise<{ id: string; recorded: boolean }> {
    const ref = { conversationId: conversation.id, userId: conversation.userId };
    let turn: Awaited<ReturnType<Engine['open']>>;
    try {
      turn = await this.engine.open({ channel: WEBCHAT_CHANNEL, ...ref }, activity.locale);
    } catch (err) {
      this.logger.error({ err, conversation: conversation.id }, 'engine failed to greet a web chat');
      throw new EngineUnavailableError(conversation.id, err);
    }
    const last = turn.replySeqs.at(-1);
    if (last !== undefined)
      this.hub.publish(conversation.id, String(last), () =>
        botActivities(turn.replies, ref, { at: turn.at, seqs: turn.replySeqs }),
      );
    return { id: activity.id ?? '', recorded: false };
  }

  /** Pushes proactive replies, already recorded in the transcript at `recorded.seqs`, to the open streams. */
  deliver(
    conversationId: string,
    userId: string,
    replies: readonly OutboundReply[],
    recorded: RecordedReplies,
  ): ActivitySet | undefined {
    if (replies.length === 0) return undefined;
    const set: ActivitySet = {
      activities: botActivities(replies, { conversationId, userId }, recorded),
      watermark: String(recorded.seqs.at(-1) ?? 0),
    };
    this.hub.publish(conversationId, set.watermark, () => set.activities);
    return set;
  }
}

/** Replies as bot activities, each with the id of its transcript position. */
function botActivities(
  replies: readonly OutboundReply[],
  ref: { conversationId: string; userId: string },
  recorded: RecordedReplies,
  replyToId?: string,
): Activity[] {
  return replies.map((reply, i) => {
    const activity = toBotActivity(reply, ref, recorded.at, replyToId);
    activity.id = activityId(ref.conversationId, recorded.seqs[i] ?? 0);
    return activity;
  });
}
