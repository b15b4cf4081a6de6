import type { ConversationRef, Lang } from './types';

/** One running dialog on a conversation's stack: which dialog, which step, and the data it collected. */
export interface DialogInstance {
  dialogId: string;
  /** The dialog's own step name. */
  step: string;
  /** Data the dialog keeps between turns (form fields, counters…). JSON only: no closures. */
  data: Record<string, unknown>;
}

/** Everything the engine remembers about one conversation; saved to storage after every turn. */
export interface ConversationState {
  /** `channel:conversationId`, the storage key. */
  key: string;
  ref: ConversationRef;
  /** The language the citizen is answered in. */
  lang: Lang;
  /** True once the welcome with the privacy notice was shown. */
  welcomed: boolean;
  /** Dialog stack, top last. Empty when the citizen is at the main menu. */
  stack: DialogInstance[];
  /** Number of turns handled. */
  turns: number;
  /** Recent inbound message ids, to process a redelivered message once. */
  recentIds: string[];
  /** Free space for rooms (handoff, kb feedback…) keyed by room name. JSON only. */
  vars: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Storage collection holding {@link ConversationState} documents. */
export const CONVERSATIONS = 'conversations';

/** The storage key of a conversation. */
export function conversationKey(ref: Pick<ConversationRef, 'channel' | 'conversationId'>): string {
  return `${ref.channel}:${ref.conversationId}`;
}

/** A fresh state for a conversation seen for the first time. */
export function newConversationState(ref: ConversationRef, lang: Lang, now: Date): ConversationState {
  const at = now.toISOString();
  return {
    key: conversationKey(ref),
    ref,
    lang,
    welcomed: false,
    stack: [],
    turns: 0,
    recentIds: [],
    vars: {},
    createdAt: at,
    updatedAt: at,
  };
}
