import type { Update } from 'telegraf/types';
import type { Attachment, GeoLocation, InboundMessage } from '../../engine/types';

/** The channel name of Telegram conversations. */
export const TELEGRAM = 'telegram';

/**
 * Telegram commands and the engine words they stand for (the engine strips the slash when matching, but
 * `/help` must reach the Italian `aiuto` command and `/start` must restart).
 */
export const COMMAND_WORDS: Readonly<Record<string, string>> = {
  start: 'start',
  help: 'aiuto',
  aiuto: 'aiuto',
  operatore: 'operatore',
  operator: 'operatore',
  privacy: 'privacy',
  menu: 'menu',
  annulla: 'annulla',
  cancel: 'annulla',
  cancella: 'cancella i miei dati',
};

/** What one Telegram update means for Sportello. */
export interface MappedUpdate {
  /** The citizen's message; `value` still holds the raw callback data, see {@link MappedUpdate.callbackData}. */
  message: InboundMessage;
  /** Set for a pressed inline button: the query to answer and the button's data. */
  callbackQueryId?: string;
  callbackData?: string;
}

/** `/help@SportelloBot extra` → `aiuto`; other text unchanged. */
export function commandText(text: string): string {
  const match = /^\/([A-Za-z0-9_]+)(?:@\w+)?(?:\s|$)/.exec(text);
  const word = match?.[1] ? COMMAND_WORDS[match[1].toLowerCase()] : undefined;
  return word ?? text;
}

/**
 * Translates a Telegram update into the engine's turn model: text (commands mapped to engine words), a
 * pressed button, a location or venue, a photo or document with its caption. Returns `undefined` for updates a
 * front desk ignores: edits, channel posts, group chats, service messages.
 */
export function mapUpdate(update: Update): MappedUpdate | undefined {
  const id = `tg-${update.update_id}`;
  if ('callback_query' in update) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    if (chat?.type !== 'private' || !('data' in query)) return undefined;
    const keyboard =
      query.message && 'reply_markup' in query.message ? query.message.reply_markup : undefined;
    const label = keyboard?.inline_keyboard
      .flat()
      .find((b) => 'callback_data' in b && b.callback_data === query.data)?.text;
    return {
      message: {
        id,
        ref: {
          channel: TELEGRAM,
          conversationId: String(chat.id),
          userId: String(query.from.id),
          userName: query.from.first_name,
        },
        text: label ?? '',
        ...(query.from.language_code ? { locale: query.from.language_code } : {}),
        timestamp: new Date(),
      },
      callbackQueryId: query.id,
      callbackData: query.data,
    };
  }
  if (!('message' in update)) return undefined;
  const msg = update.message;
  if (msg.chat.type !== 'private' || !msg.from || msg.from.is_bot) return undefined;
  let text = '';
  let location: GeoLocation | undefined;
  const attachments: Attachment[] = [];
  if ('text' in msg) text = commandText(msg.text);
  if ('caption' in msg && msg.caption) text = msg.caption;
  if ('venue' in msg) {
    const { venue } = msg;
    location = {
      ...pickPoint(venue.location),
      address: [venue.title, venue.address].filter(Boolean).join(', '),
    };
  } else if ('location' in msg) location = pickPoint(msg.location);
  if ('photo' in msg) {
    // Telegram sends several sizes, smallest first: keep the largest.
    const photo = msg.photo.at(-1);
    if (photo)
      attachments.push({
        contentType: 'image/jpeg',
        fileId: photo.file_id,
        ...(photo.file_size ? { size: photo.file_size } : {}),
      });
  }
  if ('document' in msg) {
    const doc = msg.document;
    attachments.push({
      contentType: doc.mime_type ?? 'application/octet-stream',
      fileId: doc.file_id,
      ...(doc.file_name ? { name: doc.file_name } : {}),
      ...(doc.file_size ? { size: doc.file_size } : {}),
    });
  }
  return {
    message: {
      id,
      ref: {
        channel: TELEGRAM,
        conversationId: String(msg.chat.id),
        userId: String(msg.from.id),
        userName: msg.from.first_name,
      },
      text,
      ...(msg.from.language_code ? { locale: msg.from.language_code } : {}),
      ...(location ? { location } : {}),
      ...(attachments.length ? { attachments } : {}),
      timestamp: new Date(msg.date * 1000),
    },
  };
}

function pickPoint(point: { latitude: number; longitude: number }): GeoLocation {
  return { latitude: point.latitude, longitude: point.longitude };
}
