import type { OutboundReply } from '../../engine/types';

/**
 * The first line of an operator's message on WhatsApp: their name and role in bold ("*Giulia (operatore)*"),
 * since the chat shows every message under the one business name. Empty for the bot's own replies.
 */
export function authorLine(reply: Pick<OutboundReply, 'author'>): string {
  return reply.author ? `*${reply.author.label.replace(/[*_~`]/g, '')}*\n` : '';
}
