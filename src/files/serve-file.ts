import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { OpenedFile } from './file-store';

/** Types a browser shows by itself without running anything: opened in the tab; the rest is downloaded. */
const SHOWN_INLINE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);

/** `Content-Disposition` with the citizen's file name, ASCII fallback and UTF-8 form (RFC 6266). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends a stored file to an operator or the back office: its sniffed type, never sniffed again by the browser
 * (`nosniff`), pictures and PDFs shown, anything else downloaded, nothing cached, and no script of the file's
 * ever run on Sportello's origin (a sandboxing Content-Security-Policy).
 */
export async function serveFile(res: ServerResponse, opened: OpenedFile): Promise<void> {
  const { file, content } = opened;
  const inline = SHOWN_INLINE.has(file.contentType);
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.size,
    'Content-Disposition': disposition(inline ? 'inline' : 'attachment', file.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': inline
      ? "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
      : 'sandbox',
    'Cache-Control': 'private, no-store',
  });
  await pipeline(content, res).catch(() => res.destroy());
}
