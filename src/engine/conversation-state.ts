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
  /** True once the citizen chose the language in words ("english please"): it is no longer guessed. */
  langChosen?: boolean;
  /** True once the welcome with the privacy notice was shown. */
  welcomed: boolean;
  /** Dialog stack, top last. Empty when the citizen is at the main menu. */
  stack: DialogInstance[];
  /** Number of turns handled. */
  turns: number;
  /**
   * Fingerprints ({@link messageFingerprint}) of recent inbound message ids, oldest first and separated by
   * spaces, to handle a redelivery once. One string rather than an array of 32: the state is read and written
   * at every turn, and one string costs a third of the array's parsing. Read it with {@link recentIdsOf}:
   * states saved by earlier versions hold an array.
   */
  recentIds: string;
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
    recentIds: '',
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

/** A state's {@link ConversationState.recentIds}, also from a state an earlier version saved (an array). */
export function recentIdsOf(state: ConversationState): string {
  const recent = state.recentIds as string | string[] | undefined;
  return Array.isArray(recent) ? recent.join(' ') : (recent ?? '');
}

/** True when `fingerprint` is one of the space-separated `recent` fingerprints. */
export function hasRecentId(recent: string, fingerprint: string): boolean {
  for (let i = recent.indexOf(fingerprint); i >= 0; i = recent.indexOf(fingerprint, i + 1)) {
    const end = i + fingerprint.length;
    if ((i === 0 || recent[i - 1] === ' ') && (end === recent.length || recent[end] === ' ')) return true;
  }
  return false;
}

/** `recent` with `fingerprint` added last, keeping the newest `max` fingerprints. */
export function withRecentId(recent: string, fingerprint: string, max: number): string {
  let list = recent === '' ? fingerprint : `${recent} ${fingerprint}`;
  let count = 1;
  for (let i = list.indexOf(' '); i >= 0; i = list.indexOf(' ', i + 1)) count++;
  for (; count > max; count--) list = list.slice(list.indexOf(' ') + 1);
  return list;
}
