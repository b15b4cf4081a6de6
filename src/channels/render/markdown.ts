import MarkdownIt from 'markdown-it';
import { type Dialect, dialects, type Markup } from './dialects';

export type { Markup } from './dialects';

type Token = MarkdownIt.Token;

// `html: false`: raw HTML in a reply is text, never markup; `linkify`: bare URLs become links.
const parser = new MarkdownIt({ html: false, linkify: true });

/**
 * The shared Markdown renderer of the channels: turns the engine's Markdown into what a channel understands.
 * `markdown` leaves it unchanged; `telegram-html` gives Telegram-safe HTML (only the tags Telegram knows, `&`,
 * `<`, `>` escaped); `whatsapp` gives `*bold*`, `_italic_`, `~strike~`, ```` ```mono``` ````, headings as bold
 * and links as `label: url`; `plain` drops all markup and shows links as `label (url)`.
 */
export function renderMarkdown(markdown: string, markup: Markup): string {
  if (markup === 'markdown') return markdown;
  const tokens = parser.parse(markdown, {});
  return renderBlocks(tokens, 0, tokens.length, dialects[markup]).join('\n\n').trim();
}

/**
 * Escapes text so that Markdown shows it literally: for citizen-typed text put into a Markdown reply
 * (a form summary, an echo), so `**`, `[x](y)` or `<b>` in it cannot become formatting or links.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, '\\$&');
}

/** Index of the token that closes the one opened at `start`. */
function closing(tokens: Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    depth += tokens[i]?.nesting ?? 0;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

function renderBlocks(tokens: Token[], from: number, to: number, d: Dialect): string[] {
  const blocks: string[] = [];
  let i = from;
  while (i < to) {
    const token = tokens[i];
    if (!token) break;
    const end = token.nesting === 1 ? closing(tokens, i) : i;
    switch (token.type) {
      case 'paragraph_open':
        blocks.push(renderInline(tokens[i + 1]?.children ?? [], d));
        break;
      case 'heading_open':
        blocks.push(d.heading(renderInline(tokens[i + 1]?.children ?? [], d)));
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        blocks.push(renderList(tokens, i, end, d));
        break;
      case 'blockquote_open':
        blocks.push(d.quote(renderBlocks(tokens, i + 1, end, d).join('\n\n')));
        break;
      case 'fence':
      case 'code_block':
        blocks.push(d.pre(token.content.replace(/\n$/, ''), token.info.trim().split(/\s+/)[0] ?? ''));
        break;
      case 'hr':
        blocks.push('———');
        break;
      case 'table_open':
        blocks.push(renderTable(tokens, i, end, d));
        break;
      case 'inline':
        blocks.push(renderInline(token.children ?? [], d));
        break;
      default:
        break;
    }
    i = end + 1;
  }
  return blocks.filter((b) => b !== '');
}

function renderList(tokens: Token[], open: number, close: number, d: Dialect): string {
  const ordered = tokens[open]?.type === 'ordered_list_open';
  let n = Number(tokens[open]?.attrGet('start') ?? 1);
  const items: string[] = [];
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i];
    if (token?.type !== 'list_item_open') continue;
    const end = closing(tokens, i);
    const marker = ordered ? `${n++}. ` : '• ';
    const body = renderBlocks(tokens, i + 1, end, d).join('\n');
    const indent = ' '.repeat(marker.length);
    items.push(marker + body.split('\n').join(`\n${indent}`));
    i = end;
  }
  return items.join('\n');
}

function renderTable(tokens: Token[], open: number, close: number, d: Dialect): string {
  const rows: string[] = [];
  let cells: string[] = [];
  for (let i = open; i < close; i++) {
    const token = tokens[i];
    if (token?.type === 'tr_open') cells = [];
    else if (token?.type === 'inline') {
      const cell = renderInline(token.children ?? [], d);
      cells.push(tokens[i - 1]?.type === 'th_open' && cell ? d.bold(cell) : cell);
    } else if (token?.type === 'tr_close') rows.push(cells.join(' | '));
  }
  return rows.join('\n');
}

interface Frame {
  type: string;
  href?: string;
  auto?: boolean;
  parts: string[];
}

function renderInline(children: Token[], d: Dialect): string {
  const stack: Frame[] = [{ type: 'root', parts: [] }];
  const emit = (s: string) => stack.at(-1)?.parts.push(s);
  for (const token of children) {
    switch (token.type) {
      case 'text':
        emit(d.text(token.content));
        break;
      case 'softbreak':
      case 'hardbreak':
        emit('\n');
        break;
      case 'code_inline':
        emit(d.code(token.content));
        break;
      case 'image':
        emit(
          d.link(
            d.text(token.content || (token.attrGet('src') ?? '')),
            token.attrGet('src') ?? '',
            false,
            false,
          ),
        );
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        stack.push({ type: token.type, parts: [] });
        break;
      case 'link_open':
        stack.push({
          type: token.type,
          href: token.attrGet('href') ?? '',
          auto: token.markup === 'linkify' || token.markup === 'autolink',
          parts: [],
        });
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close': {
        const frame = stack.length > 1 ? stack.pop() : undefined;
        if (!frame) break;
        const inner = frame.parts.join('');
        if (frame.type === 'strong_open') emit(d.bold(inner));
        else if (frame.type === 'em_open') emit(d.italic(inner));
        else if (frame.type === 's_open') emit(d.strike(inner));
        else {
          // "Leggi l’informativa: [informativa](url)": the sentence already names what the link is.
          const introduced = /:\s*$/.test(stack.at(-1)?.parts.join('') ?? '');
          emit(d.link(inner, frame.href ?? '', frame.auto ?? false, introduced));
        }
        break;
      }
      default:
        if (token.content) emit(d.text(token.content));
    }
  }
  // Unbalanced frames cannot come from markdown-it, but flatten them rather than lose text.
  while (stack.length > 1) {
    const frame = stack.pop();
    stack.at(-1)?.parts.push(frame?.parts.join('') ?? '');
  }
  return stack[0]?.parts.join('') ?? '';
}
