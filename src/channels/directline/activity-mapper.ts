import type { TranscriptEntry } from '../../engine/transcript';
import type { Choice, GeoLocation, InboundMessage, Link, OutboundReply } from '../../engine/types';
import { signedText } from '../render/author';
import { type Activity, activityId, type CardAction, type WireAttachment } from './activity';
import type { PostedActivity } from './schemas';

/** Channel name of web chat conversations ({@link ConversationRef.channel}). */
export const WEBCHAT_CHANNEL = 'webchat';

/** Who the bot is in every activity it sends. */
export const BOT = { id: 'sportello', name: 'Sportello', role: 'bot' } as const;

/**
 * How an operator's activities' `from.id` starts (then their name); `role` stays `bot`, the side of the chat
 * that is not the citizen's.
 */
export const OPERATOR_ID_PREFIX = 'operator:';

/**
 * The user's activity as stored and echoed back: the client's fields, but the citizen's id from the token
 * (never `from.id`), and the server's own timestamp. `channelData.clientActivityID` is kept so Web Chat can
 * match the echo to the message it sent.
 */
export function userActivity(
  posted: PostedActivity,
  conversationId: string,
  userId: string,
  at: Date,
): Activity {
  // Built field by field, not with conditional spreads: this runs for every message a citizen sends.
  const activity: Activity = {
    type: posted.type,
    timestamp: at.toISOString(),
    channelId: 'directline',
    conversation: { id: conversationId },
    from: posted.from?.name
      ? { id: userId, name: posted.from.name, role: 'user' }
      : { id: userId, role: 'user' },
  };
  if (posted.text !== undefined) activity.text = posted.text;
  if (posted.textFormat) activity.textFormat = posted.textFormat;
  if (posted.locale) activity.locale = posted.locale;
  if (posted.name) activity.name = posted.name;
  if (posted.value !== undefined) activity.value = posted.value;
  if (posted.attachments?.length) activity.attachments = posted.attachments as WireAttachment[];
  if (posted.entities?.length) activity.entities = posted.entities;
  if (posted.channelData) activity.channelData = posted.channelData;
  return activity;
}

/** The choice a citizen pressed: `value.choice` of a messageBack, or a plain string value. */
function choiceValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { choice?: unknown }).choice === 'string')
    return (value as { choice: string }).choice;
  return undefined;
}

/** A shared location from a `GeoCoordinates` or `Place` entity (the Bot Framework convention). */
function locationOf(activity: Activity): GeoLocation | undefined {
  for (const e of activity.entities ?? []) {
    const point = (e.type === 'Place' ? e.geo : e) as { latitude?: unknown; longitude?: unknown } | undefined;
    if ((e.type !== 'GeoCoordinates' && e.type !== 'Place') || !point) continue;
    const latitude = Number(point.latitude);
    const longitude = Number(point.longitude);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) continue;
    const address = typeof e.address === 'string' ? e.address.slice(0, 300) : undefined;
    return { latitude, longitude, ...(address ? { address } : {}) };
  }
  return undefined;
}

/** The client's own id of a posted activity (Web Chat sets it), used to spot retries. */
export function clientActivityId(activity: Pick<Activity, 'channelData'>): string | undefined {
  const id = activity.channelData?.clientActivityID;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

/** The fields of a user activity that the engine's message does not carry, kept with it in the transcript. */
const EXTRAS = ['textFormat', 'locale', 'name', 'value', 'attachments', 'entities', 'channelData'] as const;

/**
 * Translates a user message activity (with its id) into the engine's {@link InboundMessage}. The activity's
 * other fields travel as `channelData`, so the transcript can give the same activity back later. Its
 * `attachments` are not handed over as files: an attachment posted as JSON is a URL and a type the client
 * asserts, which no form may take at its word; files reach the engine through the upload, stored and sniffed.
 */
export function toInbound(activity: Activity, at: Date): InboundMessage {
  const value = choiceValue(activity.value);
  const location = activity.entities ? locationOf(activity) : undefined;
  const clientId = clientActivityId(activity);
  const ref: InboundMessage['ref'] = {
    channel: WEBCHAT_CHANNEL,
    conversationId: activity.conversation.id,
    userId: activity.from.id,
  };
  if (activity.from.name) ref.userName = activity.from.name;
  const message: InboundMessage = {
    // A client retry posts the same clientActivityID again: the same message id lets the engine answer once.
    id: clientId ? `${activity.conversation.id}|client:${clientId}` : (activity.id ?? ''),
    ref,
    text: activity.text ?? '',
    timestamp: at,
  };
  if (value !== undefined) message.value = value;
  if (activity.locale) message.locale = activity.locale;
  if (location) message.location = location;
  message.channelData = extrasOf(activity);
  return message;
}

function extrasOf(activity: Activity): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  for (const field of EXTRAS) if (activity[field] !== undefined) extras[field] = activity[field];
  if (activity.from.name) extras.fromName = activity.from.name;
  return extras;
}

/**
 * The Direct Line activity of a transcript entry at position `seq`: the citizen's message as it was posted
 * (from the extras kept with it), or a reply as {@link toBotActivity} renders it.
 */
export function activityFromTranscript(
  entry: TranscriptEntry,
  seq: number,
  ref: { conversationId: string; userId: string },
  replyToId?: string,
): Activity {
  const id = activityId(ref.conversationId, seq);
  if (entry.dir === 'out') return { ...toBotActivity(entry.reply, ref, new Date(entry.at), replyToId), id };
  const { fromName, ...extras } = (entry.channelData ?? {}) as Record<string, unknown>;
  return {
    type: 'message',
    id,
    timestamp: entry.at,
    channelId: 'directline',
    conversation: { id: ref.conversationId },
    from: { id: ref.userId, ...(typeof fromName === 'string' ? { name: fromName } : {}), role: 'user' },
    ...(entry.text !== '' ? { text: entry.text } : {}),
    ...(extras as Partial<Activity>),
  };
}

/** Choices as Web Chat suggested actions: a press sends the label as text and the value as `value.choice`. */
export function suggestedActions(choices: readonly Choice[], userId: string): Activity['suggestedActions'] {
  const actions: CardAction[] = choices.map((c) => ({
    type: 'messageBack',
    title: c.label,
    text: c.label,
    displayText: c.label,
    value: { choice: c.value },
  }));
  return { to: [userId], actions };
}

/** Escapes the characters that would break a Markdown link label. */
function mdLabel(label: string): string {
  return label.replace(/([\\[\]])/g, '\\$1');
}

/** The reply text with its links appended: a Markdown list, or `label: url` lines for plain text. */
export function textWithLinks(text: string, links: readonly Link[] | undefined, markdown: boolean): string {
  if (!links?.length) return text;
  const lines = links.map((l) => (markdown ? `- [${mdLabel(l.label)}](<${l.url}>)` : `${l.label}: ${l.url}`));
  return `${text}\n\n${lines.join('\n')}`;
}

/** Translates one engine reply into a bot message activity for the conversation. */
export function toBotActivity(
  reply: OutboundReply,
  ref: { conversationId: string; userId: string },
  at: Date,
  replyToId?: string,
): Activity {
  const markdown = (reply.format ?? 'markdown') === 'markdown';
  const activity: Activity = {
    type: 'message',
    timestamp: at.toISOString(),
    channelId: 'directline',
    conversation: { id: ref.conversationId },
    // An operator's message comes from them, by name, and is signed: the page gives them an avatar of their own.
    from: reply.author
      ? { id: `${OPERATOR_ID_PREFIX}${reply.author.name}`, name: reply.author.label, role: BOT.role }
      : { id: BOT.id, name: BOT.name, role: BOT.role },
    text: textWithLinks(signedText(reply), reply.links, markdown),
    textFormat: markdown ? 'markdown' : 'plain',
  };
  if (reply.choices?.length) activity.suggestedActions = suggestedActions(reply.choices, ref.userId);
  if (reply.attachments?.length)
    activity.attachments = reply.attachments.map((a) => ({
      contentType: a.contentType,
      ...(a.url ? { contentUrl: a.url } : {}),
      ...(a.name ? { name: a.name } : {}),
    }));
  if (replyToId) activity.replyToId = replyToId;
  return activity;
}
