import type { InlineKeyboardButton } from 'telegraf/types';
import type { Attachment, OutboundReply } from '../../engine/types';
import { escapeHtml } from '../render/dialects';
import { renderMarkdown } from '../render/markdown';
import type { CallbackData } from './callback-data';
import { MAX_MESSAGE_LENGTH, splitHtml } from './split-html';

/** One Telegram API call that shows (part of) the replies to the citizen. */
export type TelegramOutbound =
  | { kind: 'text'; html: string; keyboard?: InlineKeyboardButton[][] }
  | { kind: 'photo' | 'document'; file: string | { source: Buffer; filename: string }; caption?: string };

const WEB_LINK = /^https?:\/\//i;

/** The body of one reply as Telegram HTML, with links that cannot be buttons listed under it. */
function replyHtml(reply: OutboundReply): string {
  const text =
    reply.format === 'plain' ? escapeHtml(reply.text) : renderMarkdown(reply.text, 'telegram-html');
  // An operator's message starts with their name in bold: the chat itself only ever shows the bot's.
  const body = reply.author ? `<b>${escapeHtml(reply.author.label)}</b>\n${text}` : text;
  const listed = (reply.links ?? []).filter((l) => !WEB_LINK.test(l.url));
  if (listed.length === 0) return body;
  return [body, ...listed.map((l) => `• ${escapeHtml(l.label)}: ${escapeHtml(l.url)}`)].join('\n');
}

/** A file to send: Telegram fetches URLs and reuses file ids itself; `data:` URLs are uploaded. */
function attachmentCall(attachment: Attachment): TelegramOutbound | undefined {
  const kind = attachment.contentType.startsWith('image/') ? 'photo' : 'document';
  const caption = attachment.name;
  if (attachment.fileId) return { kind, file: attachment.fileId, ...(caption ? { caption } : {}) };
  const url = attachment.url;
  if (!url) return undefined;
  const data = /^data:[^;,]*(;base64)?,(.*)$/s.exec(url);
  if (data) {
    const source = data[1]
      ? Buffer.from(data[2] ?? '', 'base64')
      : Buffer.from(decodeURIComponent(data[2] ?? ''));
    return { kind, file: { source, filename: attachment.name ?? 'file' }, ...(caption ? { caption } : {}) };
  }
  return WEB_LINK.test(url) ? { kind, file: url, ...(caption ? { caption } : {}) } : undefined;
}

/**
 * Renders a turn's replies as Telegram messages. Consecutive texts are joined into one message (Telegram allows
 * about one message per second per chat, so a welcome of three replies arrives at once), up to a reply with
 * choices or links, which becomes the message's inline keyboard: choices as callback buttons, web links as URL
 * buttons. Texts longer than Telegram's limit are split; attachments follow as photos or documents.
 */
export async function renderReplies(
  replies: readonly OutboundReply[],
  callbackData: CallbackData,
): Promise<TelegramOutbound[]> {
  const out: TelegramOutbound[] = [];
  let parts: string[] = [];
  const flush = (keyboard?: InlineKeyboardButton[][]) => {
    const text = parts.filter(Boolean).join('\n\n');
    parts = [];
    if (!text && !keyboard) return;
    const chunks = splitHtml(text || '…', MAX_MESSAGE_LENGTH);
    chunks.forEach((html, i) => {
      out.push({ kind: 'text', html, ...(keyboard && i === chunks.length - 1 ? { keyboard } : {}) });
    });
  };
  for (const reply of replies) {
    parts.push(replyHtml(reply));
    const rows: InlineKeyboardButton[][] = [];
    for (const choice of reply.choices ?? [])
      rows.push([{ text: choice.label, callback_data: await callbackData.encode(choice.value) }]);
    for (const link of reply.links ?? [])
      if (WEB_LINK.test(link.url)) rows.push([{ text: link.label, url: link.url }]);
    if (rows.length > 0) flush(rows);
    const files = (reply.attachments ?? []).map(attachmentCall).filter((c): c is TelegramOutbound => !!c);
    if (files.length > 0) {
      flush();
      out.push(...files);
    }
  }
  flush();
  return out;
}
