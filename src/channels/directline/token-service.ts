import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from '../../shared/bounded-map';
import { SportelloError } from '../../shared/errors';
import type { Storage } from '../../storage/storage';

const VERIFIED_CACHE_SIZE = 10_000;

/** Storage collection and key of the signing key generated when no Direct Line secret is configured. */
export const SETTINGS = 'settings';
export const SIGNING_KEY = 'directline-signing-key';

/** What a Direct Line token proves: who the citizen is and the one conversation they may use. */
export interface TokenClaims {
  conversationId: string;
  userId: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

/** A token was missing, forged, malformed or expired; `reason` tells which. */
export class TokenError extends SportelloError {
  constructor(readonly reason: 'missing' | 'invalid' | 'expired') {
    super(
      `token_${reason}`,
      reason === 'missing'
        ? 'Missing Authorization: Bearer token.'
        : reason === 'expired'
          ? 'The token has expired; ask for a new one (tokens/refresh or /api/webchat/session).'
          : 'The token is not valid.',
      { kind: 'unauthorized' },
    );
  }
}

/** The JWT payload as written on the wire: `conv` and `user` are the names Web Chat and Azure use. */
interface WirePayload {
  conv: string;
  user: string;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * Signs and verifies Direct Line tokens: compact HS256 JWTs scoped to one conversation. They are JWTs so that
 * Web Chat reads the `user` claim and uses that id as the citizen's own (it refuses `dl_` ids it cannot see
 * inside a token, to prevent forgery).
 */
export class TokenService {
  /** Tokens whose signature checked out, with their claims (one HMAC per token instead of per request). */
  private readonly verified = new BoundedMap<string, TokenClaims>(VERIFIED_CACHE_SIZE);

  constructor(
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Lifetime of new tokens, in seconds. */
  get ttl(): number {
    return this.ttlSeconds;
  }

  /** Issues a fresh token for the conversation and citizen. */
  sign(conversationId: string, userId: string): string {
    const iat = Math.floor(this.now().getTime() / 1000);
    const payload: WirePayload = { conv: conversationId, user: userId, iat, exp: iat + this.ttlSeconds };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /**
   * Checks signature (in constant time) and expiry; throws {@link TokenError}. A token seen recently skips
   * the signature check (it passed it already); its expiry is checked on every use.
   */
  verify(token: string | undefined): TokenClaims {
    if (!token) throw new TokenError('missing');
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 <= this.now().getTime()) throw new TokenError('expired');
      return known;
    }
    const claims = this.verifySignature(token);
    this.verified.set(token, claims);
    return claims;
  }

  private verifySignature(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw new TokenError('invalid');
    const [, payloadPart = '', signaturePart = ''] = parts;
    const expected = this.mac(`${HEADER}.${payloadPart}`);
    const given = Buffer.from(signaturePart, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new TokenError('invalid');
    let payload: WirePayload;
    try {
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as WirePayload;
    } catch {
      throw new TokenError('invalid');
    }
    if (
      typeof payload.conv !== 'string' ||
      typeof payload.user !== 'string' ||
      typeof payload.exp !== 'number'
    )
      throw new TokenError('invalid');
    if (payload.exp * 1000 <= this.now().getTime()) throw new TokenError('expired');
    return { conversationId: payload.conv, userId: payload.user, iat: payload.iat, exp: payload.exp };
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }
}

/**
 * The key tokens are signed with: the Direct Line secret when configured, otherwise a random key created once
 * and kept in storage, so tokens (and the conversations they open) survive restarts.
 */
export async function loadSigningKey(storage: Storage, secret: string | undefined): Promise<Buffer> {
  if (secret) return Buffer.from(secret, 'utf8');
  const stored = await storage.get<{ key: string }>(SETTINGS, SIGNING_KEY);
  if (stored) return Buffer.from(stored.key, 'base64');
  const key = randomBytes(32).toString('base64');
  try {
    await storage.put(SETTINGS, SIGNING_KEY, { key }, { expectVersion: null });
    return Buffer.from(key, 'base64');
  } catch {
    // Another instance created it first: use theirs.
    const winner = await storage.get<{ key: string }>(SETTINGS, SIGNING_KEY);
    if (!winner) throw new Error('Could not create the Direct Line signing key');
    return Buffer.from(winner.key, 'base64');
  }
}

/** Compares two secrets in constant time. */
export function secretEquals(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'cmp').update(given).digest();
  const b = createHmac('sha256', 'cmp').update(expected).digest();
  return timingSafeEqual(a, b);
}
