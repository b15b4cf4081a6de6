/** A card action, as Web Chat renders it (only the fields Sportello sends). */
export interface CardAction {
  type: 'messageBack' | 'imBack' | 'openUrl';
  title: string;
  text?: string;
  displayText?: string;
  value?: unknown;
}

/** An attachment on the wire (Bot Framework shape). */
export interface WireAttachment {
  contentType: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

/**
 * A Direct Line 3.0 activity as stored and sent to clients. `id` is not stored: it is derived from the
 * stream sequence number when read (see {@link activityId}).
 */
export interface Activity {
  type: string;
  id?: string;
  timestamp: string;
  channelId: 'directline';
  conversation: { id: string };
  from: { id: string; name?: string; role: 'user' | 'bot' };
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  locale?: string;
  name?: string;
  value?: unknown;
  attachments?: WireAttachment[];
  /** Bot Framework entities, e.g. `GeoCoordinates` / `Place` for a shared location. */
  entities?: Array<Record<string, unknown>>;
  suggestedActions?: { to: string[]; actions: CardAction[] };
  channelData?: Record<string, unknown>;
  replyToId?: string;
}

/** What `GET …/activities` and each WebSocket frame carry. */
export interface ActivitySet {
  activities: Activity[];
  watermark: string;
}

/** The Direct Line id of the activity stored at `seq` in a conversation: `<conversationId>|0000042`. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
