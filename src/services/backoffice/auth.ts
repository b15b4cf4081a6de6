import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { HttpError } from '../../http/http-error';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The API key a request carries: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function requestKey(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * Checks the back-office API key in constant time (both sides hashed, so lengths leak nothing). Throws a
 * 503 {@link HttpError} when no key is configured and a 401 when the key is missing or wrong.
 */
export function authenticate(req: Request, apiKey: string | undefined): void {
  if (!apiKey)
    throw new HttpError(
      503,
      'backoffice_disabled',
      'Back office disabled: set BACKOFFICE_API_KEY to enable it.',
    );
  const given = requestKey(req);
  if (!given)
    throw new HttpError(
      401,
      'unauthorized',
      'Missing API key: send Authorization: Bearer <key> or X-Api-Key.',
    );
  if (!timingSafeEqual(digest(given), digest(apiKey)))
    throw new HttpError(401, 'unauthorized', 'Invalid API key.');
}
