import type { IncomingMessage } from 'node:http';

/**
 * The address a request comes from, for per-client limits. Behind a trusted reverse proxy (`TRUST_PROXY`), the
 * last X-Forwarded-For entry: the one the proxy itself appended (earlier entries are the client's to forge).
 */
export function clientIp(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy = false): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
