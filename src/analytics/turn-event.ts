import { createHmac } from 'node:crypto';
import type { RecordedReply } from '../engine/turn-context';
import { pseudonymKey } from '../privacy/privacy-audit';
import { BoundedMap } from '../shared/bounded-map';
import type { Storage } from '../storage/storage';

/** Storage stream of compact per-turn analytics events (no message text, no citizen ids). */
export const ANALYTICS_TURNS = 'analytics-turns';

/** What the knowledge base did in a turn. */
export type KbOutcome = 'answer' | 'suggest' | 'none';

/** One turn, as analytics keeps it: counts and ids only, never what the citizen wrote. */
export interface TurnEvent {
  /** ISO instant. */
  at: string;
  channel: string;
  /** A pseudonymous conversation id: a hash of the conversation key, to count distinct conversations. */
  conv: string;
  lang: string;
  /** `in`: a citizen message and the bot's replies; `operator`: an operator's message; `proactive`: other. */
  kind: 'in' | 'operator' | 'proactive';
  /** Replies sent. */
  out: number;
  /** The knowledge base's outcome, when it handled free text. */
  kb?: KbOutcome;
  /** Entries served as answers. */
  entries?: string[];
  /** Service (form) the turn belonged to. */
  service?: string;
}

/** Maps a conversation key to its pseudonymous id in analytics (same key, same id). */
export type ConversationHasher = (key: string) => string;

/**
 * The analytics pseudonym of conversation keys: a keyed HMAC under the installation's pseudonymisation key, so
 * a Telegram or WhatsApp id (a phone number) cannot be recovered by hashing guesses.
 */
export async function conversationHasher(storage: Storage): Promise<ConversationHasher> {
  const key = await pseudonymKey(storage);
  const known = new BoundedMap<string, string>(10_000);
  return (conversation) => {
    let id = known.get(conversation);
    if (id === undefined) {
      id = createHmac('sha256', key).update(`analytics:${conversation}`).digest('hex').slice(0, 16);
      known.set(conversation, id);
    }
    return id;
  };
}

/**
 * Adds to a turn's event what its recorded replies show: the knowledge base's outcome (an answer and its
 * entries, "Forse cercavi…", or "non lo so") and the service (form) the turn belonged to.
 */
export function addReplyOutcome(event: TurnEvent, replies: readonly RecordedReply[]): void {
  let entries: string[] | undefined;
  let kb: KbOutcome | undefined;
  let service: string | undefined;
  for (const { meta } of replies) {
    if (meta?.service) service ??= meta.service;
    if (meta?.outcome === 'kb-answer') {
      kb = 'answer';
      entries ??= [];
      for (const id of meta.kbEntries ?? []) if (!entries.includes(id)) entries.push(id);
    } else if (meta?.outcome === 'kb-suggest') kb ??= 'suggest';
    else if (meta?.outcome === 'kb-none') kb ??= 'none';
  }
  if (kb) event.kb = kb;
  if (entries) event.entries = entries;
  if (service) event.service = service;
}
