/** A markup a channel understands; see {@link renderMarkdown} in `./markdown`. */
export type Markup = 'markdown' | 'telegram-html' | 'whatsapp' | 'plain';

/** How one markup writes each Markdown construct; text arrives escaped by {@link Dialect.text}. */
export interface Dialect {
  text(raw: string): string;
  bold(inner: string): string;
  italic(inner: string): string;
  strike(inner: string): string;
  code(raw: string): string;
  pre(raw: string, lang: string): string;
  /**
   * `auto` is true for bare URLs, whose label is the URL itself; `introduced` is true when the text before
   * the link ends with a colon, so a markup that cannot hide the URL may show it alone.
   */
  link(label: string, href: string, auto: boolean, introduced: boolean): string;
  heading(inner: string): string;
  quote(inner: string): string;
}

/** Escapes the three characters Telegram's HTML parse mode requires to be entities. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SAFE_SCHEMES = /^(https?:|mailto:|tel:|tg:)/i;

/** Wraps each non-empty line (for markups without block quotes). */
function prefixLines(inner: string, prefix: string): string {
  return inner
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

/** Wraps with a marker unless empty (WhatsApp shows `**` literally). */
function wrap(marker: string, inner: string): string {
  return inner.trim() ? `${marker}${inner}${marker}` : inner;
}

const telegramHtml: Dialect = {
  text: escapeHtml,
  bold: (s) => `<b>${s}</b>`,
  italic: (s) => `<i>${s}</i>`,
  strike: (s) => `<s>${s}</s>`,
  code: (s) => `<code>${escapeHtml(s)}</code>`,
  pre: (s, lang) => {
    const safeLang = lang.replace(/[^\w+-]/g, '');
    const open = safeLang ? `<code class="language-${safeLang}">` : '<code>';
    return `<pre>${open}${escapeHtml(s)}</code></pre>`;
  },
  link: (label, href, auto) => {
    // Telegram links bare URLs itself; anything but a web, mail, phone or tg link loses its href.
    if (auto || !SAFE_SCHEMES.test(href)) return label;
    return `<a href="${escapeHtml(href).replace(/"/g, '&quot;')}">${label}</a>`;
  },
  heading: (s) => `<b>${s}</b>`,
  quote: (s) => `<blockquote>${s}</blockquote>`,
};

const whatsapp: Dialect = {
  text: (s) => s,
  bold: (s) => wrap('*', s),
  italic: (s) => wrap('_', s),
  strike: (s) => wrap('~', s),
  code: (s) => `\`\`\`${s}\`\`\``,
  pre: (s) => `\`\`\`${s}\`\`\``,
  // WhatsApp cannot hide a URL behind a label: "label: url", or the URL alone after "…privacy:".
  link: (label, href, auto, introduced) =>
    auto ? label : label === href || !label || introduced ? href : `${label}: ${href}`,
  heading: (s) => wrap('*', s),
  quote: (s) => prefixLines(s, '> '),
};

const plain: Dialect = {
  text: (s) => s,
  bold: (s) => s,
  italic: (s) => s,
  strike: (s) => s,
  code: (s) => s,
  pre: (s) => s,
  link: (label, href, auto) => (auto ? label : label === href || !label ? href : `${label} (${href})`),
  heading: (s) => s,
  quote: (s) => prefixLines(s, '> '),
};

/** The dialects by markup (`markdown` needs none: it is passed through). */
export const dialects: Record<Exclude<Markup, 'markdown'>, Dialect> = {
  'telegram-html': telegramHtml,
  whatsapp,
  plain,
};
