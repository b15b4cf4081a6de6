/**
 * The channel-agnostic turn model: what a citizen sends, what the engine answers.
 * Channels translate to and from these types at the edge; nothing here imports a channel library.
 */

/** A supported language. Italian first, English second. */
export type Lang = 'it' | 'en';

/** Where a conversation lives: the channel, its conversation id there, and the citizen's id there. */
export interface ConversationRef {
  /** Channel name, e.g. `webchat`, `botframework`, `telegram`, `whatsapp`, `whatsapp-cloud`. */
  channel: string;
  /** The channel's own id of the conversation (chat id, Direct Line conversation id…). */
  conversationId: string;
  /** The channel's own id of the citizen. */
  userId: string;
  /** Display name when the channel gives one; never used for authorization. */
  userName?: string;
}

/** A geographic point, e.g. a Telegram/WhatsApp location message. */
export interface GeoLocation {
  latitude: number;
  longitude: number;
  /** Address or place name when the channel gives one. */
  address?: string;
}

/** A file the citizen sent or the bot sends. */
export interface Attachment {
  /** MIME type, e.g. `image/jpeg`. */
  contentType: string;
  /** Where to fetch it (channel URL or data: URL); the channel adapter resolves private file ids. */
  url?: string;
  /** Channel-specific file id, kept so the file can be fetched later. */
  fileId?: string;
  name?: string;
  size?: number;
  /** Id in Sportello's own file store (`src/files`), where the bytes are kept: set for web chat uploads. */
  storedId?: string;
}

/** One message from a citizen, normalised by the channel adapter. */
export interface InboundMessage {
  /** Channel message id; used for de-duplication. */
  id: string;
  ref: ConversationRef;
  /** What the citizen typed (may be empty for a location or photo). */
  text: string;
  /** Payload of a pressed button / chosen option, when the channel tells it apart from typed text. */
  value?: string;
  /** Locale hint from the channel (`it-IT`, `en`…). */
  locale?: string;
  location?: GeoLocation;
  attachments?: Attachment[];
  timestamp: Date;
  /**
   * The channel's own fields of the message, kept with it in the transcript so a channel that shows its
   * history from the transcript can show the message again as it came (web chat: the activity's extras).
   */
  channelData?: Record<string, unknown>;
  /**
   * The network address the message came from, where the channel knows the citizen's own (web chat), for
   * per-address limits. Never stored.
   */
  clientAddress?: string;
}

/** An option offered to the citizen: a button, a suggested action or a numbered menu line. */
export interface Choice {
  /** What the citizen sees. */
  label: string;
  /** What comes back when chosen (sent as text on channels without buttons). */
  value: string;
}

/** A link shown with an answer, e.g. the source of a knowledge-base entry. */
export interface Link {
  label: string;
  url: string;
}

/** One message from Sportello to the citizen. Channels render it with their own capabilities. */
export interface OutboundReply {
  /** Body text; Markdown when `format` is `markdown` (the default). */
  text: string;
  format?: 'markdown' | 'plain';
  choices?: Choice[];
  links?: Link[];
  attachments?: Attachment[];
  /** The person who wrote it (an operator), shown by channels so it never looks like the bot; absent for the bot. */
  author?: ReplyAuthor;
}

/** Who wrote a reply when a person did: their name, and how to present them ("Giulia (operatore)"). */
export interface ReplyAuthor {
  name: string;
  /** The name with the role, in the citizen's language. */
  label: string;
}

/**
 * What a reply tells about the turn, for analytics and the handoff room (never shown): the knowledge base
 * answered, offered "Forse cercavi…" or honestly had nothing ("non lo so"), or the message was not understood.
 */
export type ReplyOutcome = 'kb-answer' | 'kb-suggest' | 'kb-none' | 'not-understood';

/** Text keys the engine records about a reply for transcripts and analytics (never shown). */
export interface ReplyMeta {
  /** What this reply tells about the turn, set by whoever wrote it; nobody reads it from the wording. */
  outcome?: ReplyOutcome;
  /** Knowledge-base entry ids shown in this reply. */
  kbEntries?: string[];
  /** Service (dialog) id this reply belongs to. */
  service?: string;
  /** Username of the operator who wrote this reply (handoff); absent for the bot's own replies. */
  operator?: string;
}
