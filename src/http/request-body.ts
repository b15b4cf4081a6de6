import type { Logger } from 'pino';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { bodyPolicyFor } from './body-limits';
import { sendError } from './send-error';
import { answerLater } from './tarpit';

/** Deepest nesting of arrays and objects accepted in a JSON body (clients send a dozen levels at most). */
export const MAX_JSON_DEPTH = 64;
/** Bytes past a route's limit still read (and dropped) so the client hears the 413; then the socket closes. */
const DISCARD_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/;

/** A request after {@link readRequestBody}: `body` parsed, `rawBody` the bytes as received (for signatures). */
export type RequestWithBody = Request & { rawBody?: Buffer };

/**
 * True when a JSON text nests arrays and objects deeper than `limit`. A scan of the text, before parsing: the
 * parser reads any depth, but whatever walks the value afterwards recursively (`JSON.stringify` in a size
 * check, a storage write) would overflow the stack.
 */
export function jsonDeeperThan(text: string, limit: number): boolean {
  if (text.length <= 2 * limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The restify step reading every request body, within its route's {@link BodyPolicy} (body-limits.ts): no
 * content coding but identity on any route (415: no client of Sportello compresses what it sends, and inflating
 * is how a small request becomes a huge one), then a route that streams its own body is left to read it; for
 * the others no multipart (415), at most
 * `maxBytes` (413), JSON parsed (400 when malformed or nested deeper than {@link MAX_JSON_DEPTH}). Every
 * refusal is a JSON 4xx (the two 415s a second late: no client sends those); a body the client abandons
 * halfway is dropped without running the route.
 */
export function readRequestBody(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: Next): void => {
    const length = req.headers['content-length'];
    if (req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
      next();
      return;
    }
    const policy = bodyPolicyFor(req.method ?? '', String(req.getRoute()?.path ?? ''));
    let settled = false;
    // A refused body Node reads to its end and drops, so the connection serves the client's next request (a
    // new connection for every refusal would cost a flood more than reading it); unless the body is endless or
    // huge: then the connection closes instead.
    const refuse = (status: number, code: string, message: string, close: boolean): void => {
      settled = true;
      if (close) res.setHeader('Connection', 'close');
      sendError(res, status, code, message);
      next(false);
    };
    // What no client of Sportello sends is answered a second late: a flood of it slows down (tarpit.ts).
    const refuseLater = (status: number, code: string, message: string, close: boolean): void => {
      settled = true;
      answerLater(
        res,
        () => refuse(status, code, message, close),
        () => next(false),
      );
    };
    const unbounded = length === undefined || !(Number(length) <= policy.maxBytes + DISCARD_BYTES);

    const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      res.setHeader('Accept-Encoding', 'identity');
      refuseLater(415, 'unsupported_content_encoding', 'Send the body without Content-Encoding.', unbounded);
      return;
    }
    // A route that reads its own body (a file upload) gets it untouched, the encoding checked as for all.
    if (policy.streamed) {
      next();
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type.startsWith('multipart/')) {
      refuseLater(415, 'unsupported_media_type', 'This address takes no file uploads.', unbounded);
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = (close: boolean) =>
      refuse(413, 'payload_too_large', `The request body is larger than ${policy.maxBytes} bytes.`, close);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= policy.maxBytes) chunks.push(chunk);
      else if (size > policy.maxBytes + DISCARD_BYTES && !settled) {
        req.off('data', onData);
        tooLarge(true);
      }
    };
    req.on('data', onData);
    req.once('error', () => {
      settled = true;
    });
    req.once('close', () => {
      // Closed before its end: the client went away, nobody is left to answer.
      if (!settled && !req.complete) {
        settled = true;
        next(false);
      }
    });
    req.once('end', () => {
      if (settled) return;
      if (size > policy.maxBytes) return tooLarge(false);
      const raw = Buffer.concat(chunks, size);
      (req as RequestWithBody).rawBody = raw;
      const text = raw.toString('utf8');
      if (size > 0 && JSON_TYPE.test(type)) {
        if (jsonDeeperThan(text, MAX_JSON_DEPTH)) {
          logger.warn({ url: req.url, maxDepth: MAX_JSON_DEPTH }, 'request refused: JSON nested too deeply');
          return refuse(400, 'too_deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`, false);
        }
        try {
          req.body = JSON.parse(text);
        } catch (err) {
          return refuse(400, 'invalid_json', `Invalid JSON: ${(err as Error).message}`, false);
        }
      } else if (size > 0) req.body = text;
      settled = true;
      next();
    });
  };
}
