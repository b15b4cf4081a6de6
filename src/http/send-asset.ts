import { createHash } from 'node:crypto';
import type { Request, Response } from 'restify';

/** A file ready to serve: its bytes, gzipped when that is worth it, and its ETag. */
export interface Asset {
  type: string;
  plain: Buffer;
  gzipped?: Buffer;
  etag: string;
}

/** Makes an {@link Asset} of `body`, with an ETag from its hash. */
export function asset(type: string, body: Buffer | string, gzipped?: Buffer): Asset {
  const plain = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`;
  return { type, plain, etag, ...(gzipped ? { gzipped } : {}) };
}

/** Answers with the asset, 304 when the browser holds the same ETag, gzipped when it asks for it. */
export function sendAsset(req: Request, res: Response, file: Asset, maxAge: number): void {
  res.setHeader('ETag', file.etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
  if (file.gzipped) res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const gzip = file.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip && file.gzipped ? file.gzipped : file.plain;
  res.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': body.length,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(body);
}
