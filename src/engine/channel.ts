import type { ConversationRef, OutboundReply } from './types';

/** How a channel can show replies; the renderers adapt text and choices to it. */
export interface ChannelCapabilities {
  /** True when choices can be buttons; false means a numbered text menu. */
  buttons: boolean;
  /** The markup the channel understands. */
  markup: 'markdown' | 'telegram-html' | 'whatsapp' | 'plain';
}

/** Where proactive replies were recorded before a transcript-backed channel sends them. */
export interface RecordedReplies {
  /** When they were recorded. */
  at: Date;
  /** Their positions in the conversation's transcript, one per reply, in order. */
  seqs: readonly number[];
}

/**
 * The outbound half of a channel adapter, which is all the engine knows of a channel: it sends replies to a
 * conversation, including proactive ones (operator replies, ticket status changes) outside any turn.
 */
export interface OutboundChannel {
  /** Channel name, equal to {@link ConversationRef.channel} of its conversations. */
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /**
   * True for a channel that shows its history from the engine's transcript (web chat): proactive replies are
   * recorded first and `send` gets their transcript positions. Other channels send first and the replies
   * are recorded once sent.
   */
  readonly historyFromTranscript?: boolean;
  /** Delivers replies, in order, to the conversation. */
  send(ref: ConversationRef, replies: readonly OutboundReply[], recorded?: RecordedReplies): Promise<void>;
}
