import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature of a webhook body. */
export const SIGNATURE_HEADER = 'X-Sportello-Signature';

/** The signature header value of a raw body: `sha256=` and the hex HMAC-SHA256 with the shared secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Checks a received signature in constant time (what a receiver does; used in tests and docs). */
export function verifySignature(body: string, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
