import { filetypeinfo } from 'magic-bytes.js';

/** How many leading bytes {@link sniffType} needs to recognise every format it knows. */
export const SNIFF_BYTES = 4100;

/** Types never taken at their word: they can carry script, and a browser would run it. */
const SCRIPTABLE = new Set(['image/svg+xml', 'text/html', 'application/xhtml+xml']);

/**
 * The type a file's content really is, from its first bytes (magic numbers), so a `.pdf` that is an HTML page
 * or a program is not taken for a PDF. When the content matches several types (a ZIP is also DOCX, ODT…) the
 * declared one wins if it is among them. Unrecognised or scriptable content is `application/octet-stream`.
 */
export function sniffType(head: Uint8Array, declaredType: string): string {
  const declared = declaredType.toLowerCase().split(';')[0]?.trim() ?? '';
  const candidates = filetypeinfo(head)
    .map((t) => t.mime)
    .filter((mime): mime is string => typeof mime === 'string' && !SCRIPTABLE.has(mime));
  if (candidates.length === 0) return 'application/octet-stream';
  if (candidates.includes(declared)) return declared;
  return candidates[0] ?? 'application/octet-stream';
}
