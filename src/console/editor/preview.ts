import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../channels/render/markdown';

// Raw HTML in an answer is shown as text, and markdown-it refuses javascript:/data: links: the output is safe
// to show in the console as HTML, as Web Chat would.
const webChat = new MarkdownIt({ html: false, linkify: true });

/** How an answer looks on each channel. */
export interface ChannelPreview {
  /** Web Chat: sanitized HTML. */
  webchat: string;
  /** Telegram: the HTML sent to the Bot API (shown as source). */
  telegram: string;
  /** WhatsApp: the text with `*bold*`/`_italic_` markers. */
  whatsapp: string;
  /** Channels without markup. */
  plain: string;
}

/** Renders an answer's Markdown for every channel, with the same renderer the channels use. */
export function previewAnswer(markdown: string): ChannelPreview {
  return {
    webchat: webChat.render(markdown),
    telegram: renderMarkdown(markdown, 'telegram-html'),
    whatsapp: renderMarkdown(markdown, 'whatsapp'),
    plain: renderMarkdown(markdown, 'plain'),
  };
}
