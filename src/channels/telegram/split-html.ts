/** Telegram's limit on a message's text, in characters. */
export const MAX_MESSAGE_LENGTH = 4096;

const TAG = /<(\/?)(b|i|s|u|code|pre|a|blockquote)\b[^>]*>/g;

/** True when every tag opened in `html` is closed again. */
function balanced(html: string): boolean {
  let depth = 0;
  for (const match of html.matchAll(TAG)) depth += match[1] ? -1 : 1;
  return depth === 0;
}

/**
 * Splits Telegram HTML longer than `max` into messages: at line breaks outside any tag (so no `<b>` or `<pre>`
 * is cut in two), and, for a single line or block still too long, into plain slices at spaces (tags dropped,
 * entities kept whole).
 */
export function splitHtml(html: string, max = MAX_MESSAGE_LENGTH): string[] {
  if (html.length <= max) return [html];
  // Segments that are safe to cut after: runs of lines whose tags are balanced.
  const segments: string[] = [];
  let run = '';
  for (const line of html.split('\n')) {
    run = run ? `${run}\n${line}` : line;
    if (balanced(run)) {
      segments.push(run);
      run = '';
    }
  }
  if (run) segments.push(run);

  const chunks: string[] = [];
  let current = '';
  for (const segment of segments) {
    const pieces = segment.length > max ? sliceText(segment.replace(TAG, ''), max) : [segment];
    for (const piece of pieces) {
      if (current && current.length + 1 + piece.length > max) {
        chunks.push(current);
        current = '';
      }
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) chunks.push(current);
  return chunks.map((c) => c.trim()).filter(Boolean);
}

/** Cuts text into slices of at most `max` characters, at a space when possible, never inside `&amp;`. */
function sliceText(text: string, max: number): string[] {
  const slices: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) {
      cut = max;
      const amp = rest.lastIndexOf('&', cut);
      if (amp > cut - 8 && rest.indexOf(';', amp) >= cut) cut = amp;
    }
    slices.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest) slices.push(rest);
  return slices;
}
