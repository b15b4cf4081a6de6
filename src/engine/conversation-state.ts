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
  /** Fingerprints ({@link messageFingerprint}) of recent inbound message ids, to handle a redelivery once. */
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

/**
 * A short fingerprint of a channel message id, kept in {@link ConversationState.recentIds} instead of the id
 * (ids such as `<conversation>|client:<uuid>` run to 70 characters; the state is rewritten every turn). Two
 * 32-bit FNV-1a hashes with different seeds: 64 bits, so two different ids of one conversation never meet in
 * practice.
 */
export function messageFingerprint(id: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36).padStart(7, '0');
}
