import { createHash } from 'node:crypto';
import type { Request, Response } from 'restify';

/**
 * Sends a small text asset (a script, a stylesheet) with an ETag over its content, cacheable for `maxAge`
 * seconds, answering 304 when the browser already has it.
 */
export function sendText(req: Request, res: Response, type: string, body: string, maxAge: number): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
