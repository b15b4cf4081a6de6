import type { Lang, OutboundReply } from '../../engine/types';
import { authorLine } from '../render/author';
import { numberedMenu } from '../render/choices';
import { renderMarkdown } from '../render/markdown';
import { splitText } from './split-text';

// WhatsApp accepts longer messages, but beyond this phones show "Read more" and the menu gets lost below it.
const MAX_MESSAGE = 4000;

/**
 * Renders one engine reply as WhatsApp text messages: Markdown as WhatsApp markup, links as `label: url`
 * lines, choices as a numbered menu (buttons and lists no longer reach citizens through WhatsApp Web), and
 * attachments with an `http(s)` URL as links.
 */
export function renderWebReply(reply: OutboundReply, lang: Lang): string[] {
  const parts: string[] = [
    authorLine(reply) +
      (reply.format === 'plain' ? reply.text.trim() : renderMarkdown(reply.text, 'whatsapp')),
  ];
  const lines = [
    ...(reply.links ?? []).map((l) => `${l.label}: ${l.url}`),
    ...(reply.attachments ?? [])
      .filter((a) => a.url && /^https?:\/\//.test(a.url))
      .map((a) => `${a.name ?? a.contentType}: ${a.url}`),
  ];
  if (lines.length) parts.push(lines.join('\n'));
  if (reply.choices?.length) parts.push(numberedMenu(reply.choices, lang));
  const text = parts.filter(Boolean).join('\n\n');
  return text ? splitText(text, MAX_MESSAGE) : [];
}
