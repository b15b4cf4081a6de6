import type { Logger } from 'pino';
import type { Attachment, InboundMessage } from '../../engine/types';
import type { WebMessageLike } from './client';

/** The channel name of the whatsapp-web.js adapter. */
export const WEB_CHANNEL = 'whatsapp';

/** Media larger than this is passed on without its content (a form asks again or an operator fetches it). */
export const MAX_INLINE_MEDIA_BYTES = 16 * 1024 * 1024;

const MEDIA_TYPES = new Set(['image', 'document', 'video', 'audio', 'ptt']);
// Notifications and protocol messages: nothing a citizen wrote, never answered.
const SYSTEM_TYPES = new Set([
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'call_log',
  'protocol',
  'revoked',
  'ciphertext',
  'reaction',
  'broadcast_notification',
  'debug',
]);

/** True for messages Sportello must not answer: its own, groups, status updates, broadcasts, system notices. */
export function isIgnored(message: WebMessageLike): boolean {
  return (
    Boolean(message.fromMe || message.isStatus || message.broadcast) ||
    !/@(c\.us|lid|s\.whatsapp\.net)$/.test(message.from) ||
    SYSTEM_TYPES.has(message.type)
  );
}

/**
 * Normalises a whatsapp-web.js message: text, the id of a legacy button/list reply as `value`, a location with
 * its place name, and media downloaded into a `data:` URL attachment. Unknown types (stickers, contacts…)
 * arrive with empty text, which the engine answers politely.
 */
export async function toInbound(message: WebMessageLike, logger: Logger): Promise<InboundMessage> {
  const inbound: InboundMessage = {
    id: message.id._serialized,
    ref: {
      channel: WEB_CHANNEL,
      conversationId: message.from,
      userId: message.from,
      ...(message._data?.notifyName ? { userName: message._data.notifyName } : {}),
    },
    text: message.type === 'location' ? '' : message.body,
    timestamp: new Date(message.timestamp * 1000),
  };
  const picked = message.selectedButtonId ?? message.selectedRowId;
  if (picked) inbound.value = picked;
  if (message.type === 'location' && message.location) {
    const { latitude, longitude, name, address, description } = message.location;
    const place = description ?? [name, address].filter(Boolean).join(', ');
    const lat = Number(latitude);
    const lon = Number(longitude);
    if (Number.isFinite(lat) && Number.isFinite(lon))
      inbound.location = {
        latitude: lat,
        longitude: lon,
        ...(place ? { address: place.replace(/\n/g, ', ') } : {}),
      };
  }
  if (MEDIA_TYPES.has(message.type) && message.hasMedia)
    inbound.attachments = [await attachment(message, logger)];
  return inbound;
}

async function attachment(message: WebMessageLike, logger: Logger): Promise<Attachment> {
  const fileId = message.id._serialized;
  try {
    const media = await message.downloadMedia?.();
    if (!media) return { contentType: 'application/octet-stream', fileId };
    const size = media.filesize ?? Math.floor((media.data.length * 3) / 4);
    const base: Attachment = {
      contentType: media.mimetype,
      fileId,
      size,
      ...(media.filename ? { name: media.filename } : {}),
    };
    if (size > MAX_INLINE_MEDIA_BYTES) {
      logger.warn({ fileId, size }, 'whatsapp media too large to pass inline');
      return base;
    }
    return { ...base, url: `data:${media.mimetype};base64,${media.data}` };
  } catch (err) {
    // Media can expire on the phone before it is fetched; the message still arrives, without the file.
    logger.warn({ err, fileId }, 'whatsapp media download failed');
    return { contentType: 'application/octet-stream', fileId };
  }
}
