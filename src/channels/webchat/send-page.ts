import type { Response } from 'restify';
import { DOCUMENT_HEADERS } from '../../http/security-headers';
import { contentSecurityPolicy } from './page-csp';

/**
 * Sends a chat page (the full one or the widget's panel) with its Content-Security-Policy; when comune sites may
 * frame it, `frame-ancestors` says which and the blanket `X-Frame-Options` goes.
 */
export function sendPage(res: Response, html: string, frameAncestors: readonly string[]): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(frameAncestors));
  if (frameAncestors.length) res.removeHeader('X-Frame-Options');
  res.writeHead(200, {
    ...DOCUMENT_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}
