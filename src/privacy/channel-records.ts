import type { Storage } from '../storage/storage';

/** One conversation of a channel, as the privacy room names it to the channel's records. */
export interface ConversationOfChannel {
  /** The engine's conversation key (`<channel>:<conversationId>`). */
  key: string;
  /** The channel's own conversation id. */
  conversationId: string;
}

/** What a channel removed: documents and append-only streams. */
export interface RemovedRecords {
  records: number;
  streams: number;
}

/**
 * The personal data a channel keeps outside the engine's conversation state and transcript, declared by the
 * channel itself so the privacy room never needs to know its collections. The privacy room calls these on an
 * erasure request and in the retention sweep, only for conversations of {@link channel}.
 */
export interface ChannelRecords {
  /** The channel name, as in a conversation's ref (`webchat`, `telegram`…). */
  readonly channel: string;
  /** Erasure on request: removes what the channel keeps for one conversation (it may go on afterwards). */
  eraseConversation(storage: Storage, conversation: ConversationOfChannel): Promise<RemovedRecords>;
  /** Retention: removes everything the channel keeps for an inactive conversation that is being deleted. */
  purgeConversation(storage: Storage, conversation: ConversationOfChannel): Promise<RemovedRecords>;
  /** Erasure on request: records keyed by the citizen rather than a conversation (e.g. their phone number). */
  eraseCitizen?(storage: Storage, userId: string): Promise<number>;
  /** Retention: removes the citizen-keyed records last touched before `cutoff` (ISO instant). */
  sweep?(storage: Storage, cutoff: string): Promise<number>;
}

/** Counts what a delete did, 1 or 0. */
export async function deleted(work: Promise<boolean | number>): Promise<number> {
  const result = await work;
  return result === true || (typeof result === 'number' && result > 0) ? 1 : 0;
}
