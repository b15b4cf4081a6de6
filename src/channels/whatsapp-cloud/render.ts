import type { Choice, Lang, OutboundReply } from '../../engine/types';
import { authorLine } from '../render/author';
import { numberedMenu } from '../render/choices';
import { renderMarkdown } from '../render/markdown';
import { splitText } from '../whatsapp/split-text';

export { splitText } from '../whatsapp/split-text';

/** One message body for the Graph API `/messages` endpoint, without the recipient. */
export type CloudMessageBody = Record<string, unknown> & { type: string };

// Limits of the Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-*).
const MAX_TEXT = 4096;
const MAX_INTERACTIVE_BODY = 1024;
const MAX_BUTTONS = 3;
const MAX_BUTTON_TITLE = 20;
const MAX_BUTTON_ID = 256;
const MAX_ROWS = 10;
const MAX_ROW_TITLE = 24;
const MAX_ROW_DESCRIPTION = 72;
const MAX_ROW_ID = 200;

const WORDS: Record<Lang, { choose: string; options: string }> = {
  it: { choose: 'Scegli un’opzione:', options: 'Vedi le opzioni' },
  en: { choose: 'Choose an option:', options: 'See the options' },
};

/**
 * Renders one engine reply as Cloud API messages: Markdown as WhatsApp markup, links as `label: url` lines,
 * up to 3 short choices as reply buttons, up to 10 as a list, more as a numbered text menu (answered by number
 * or text), and attachments with a URL as image or document messages.
 */
export function renderCloudReply(reply: OutboundReply, lang: Lang): CloudMessageBody[] {
  const out: CloudMessageBody[] = [];
  let text =
    authorLine(reply) +
    (reply.format === 'plain' ? reply.text.trim() : renderMarkdown(reply.text, 'whatsapp'));
  if (reply.links?.length)
    text = [text, ...reply.links.map((l) => `${l.label}: ${l.url}`)].filter(Boolean).join('\n');
  const choices = reply.choices ?? [];
  const kind = choiceKind(choices);

  if (kind === 'numbered') text = [text, numberedMenu(choices, lang)].filter(Boolean).join('\n\n');
  if (kind === 'none' || kind === 'numbered') {
    for (const chunk of splitText(text, MAX_TEXT))
      out.push({ type: 'text', text: { body: chunk, preview_url: true } });
  } else {
    // The interactive body is short: a long text goes first as plain messages, the choices follow with a prompt.
    let body = text;
    if (!body || body.length > MAX_INTERACTIVE_BODY) {
      for (const chunk of splitText(body, MAX_TEXT))
        out.push({ type: 'text', text: { body: chunk, preview_url: true } });
      body = WORDS[lang].choose;
    }
    out.push({
      type: 'interactive',
      interactive: kind === 'buttons' ? buttons(body, choices) : list(body, choices, lang),
    });
  }
  for (const attachment of reply.attachments ?? []) {
    if (!attachment.url || !/^https?:\/\//.test(attachment.url)) continue; // the Cloud API fetches media by URL
    if (attachment.contentType.startsWith('image/')) {
      out.push({
        type: 'image',
        image: { link: attachment.url, ...(attachment.name ? { caption: attachment.name } : {}) },
      });
    } else {
      out.push({
        type: 'document',
        document: { link: attachment.url, ...(attachment.name ? { filename: attachment.name } : {}) },
      });
    }
  }
  return out;
}

/** How a set of choices can be shown: reply buttons, a list, or (too many, ids too long) a numbered menu. */
export function choiceKind(choices: readonly Choice[]): 'none' | 'buttons' | 'list' | 'numbered' {
  if (choices.length === 0) return 'none';
  const ids = new Set(choices.map((c) => c.value));
  const usableIds = ids.size === choices.length && choices.every((c) => c.value.length > 0);
  if (
    usableIds &&
    choices.length <= MAX_BUTTONS &&
    choices.every((c) => c.label.length <= MAX_BUTTON_TITLE && c.value.length <= MAX_BUTTON_ID)
  )
    return 'buttons';
  if (usableIds && choices.length <= MAX_ROWS && choices.every((c) => c.value.length <= MAX_ROW_ID))
    return 'list';
  return 'numbered';
}

function buttons(body: string, choices: readonly Choice[]): Record<string, unknown> {
  return {
    type: 'button',
    body: { text: body },
    action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.value, title: c.label } })) },
  };
}

function list(body: string, choices: readonly Choice[], lang: Lang): Record<string, unknown> {
  return {
    type: 'list',
    body: { text: body },
    action: {
      button: WORDS[lang].options,
      sections: [
        {
          rows: choices.map((c) => ({
            id: c.value,
            title: truncate(c.label, MAX_ROW_TITLE),
            // A label cut in the title is shown whole (up to its limit) in the description.
            ...(c.label.length > MAX_ROW_TITLE
              ? { description: truncate(c.label, MAX_ROW_DESCRIPTION) }
              : {}),
          })),
        },
      ],
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
