import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import type { LimitRefusal } from '../shared/address-limits';
import { answerLater } from './tarpit';

/** A check on the request line and headers alone: a refusal, or undefined to let the request go on. */
export type EarlyCheck = (req: IncomingMessage) => LimitRefusal | undefined;

/** True when a request carries no body (no length, or 0, and not chunked). */
export function bodyless(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/**
 * Runs a rate limit on one route before restify decorates, routes or reads the request (restify's `first`
 * chain): a refusal is answered `429 too_many_requests` with `Retry-After` at a fraction of what routing the
 * request would cost, and a second late (tarpit.ts), so a flood of refused requests takes little from everyone
 * else. `message` says what was refused, in the API's words.
 */
export function refuseEarly(
  server: Server,
  route: { method: string; path: string },
  check: EarlyCheck,
  message: (refusal: LimitRefusal) => string,
): void {
  const first = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== route.method) return true;
    const url = req.url ?? '';
    const end = url.indexOf('?');
    if ((end < 0 ? url : url.slice(0, end)) !== route.path) return true;
    const refusal = check(req);
    if (!refusal) return true;
    const body = JSON.stringify({ error: { code: 'too_many_requests', message: message(refusal) } });
    answerLater(res, () => {
      res.writeHead(429, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'Retry-After': String(refusal.retryAfter),
      });
      res.end(body);
    });
    return false;
  };
  (server as unknown as { first(handler: typeof first): void }).first(first);
}
