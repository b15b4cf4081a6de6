import type { OutboundReply } from '../../engine/types';
import { escapeMarkdown } from './markdown';

/**
 * The first line of an operator's message on WhatsApp: their name and role in bold ("*Giulia (operatore)*"),
 * since the chat shows every message under the one business name. Empty for the bot's own replies.
 */
export function authorLine(reply: Pick<OutboundReply, 'author'>): string {
  return reply.author ? `*${reply.author.label.replace(/[*_~`]/g, '')}*\n` : '';
}

/**
 * The reply's text signed by its operator on one line, for channels that show every message under the bot's
 * name (Direct Line, Bot Framework): "Giulia (operatore): …", the name in bold in Markdown. The text itself is
 * left as it is, so a plain reply stays plain. The bot's own replies are unchanged.
 */
export function signedText(reply: Pick<OutboundReply, 'author' | 'format' | 'text'>): string {
  if (!reply.author) return reply.text;
  const markdown = (reply.format ?? 'markdown') === 'markdown';
  const name = markdown ? `**${escapeMarkdown(reply.author.label)}**` : reply.author.label;
  return `${name}: ${reply.text}`;
}
