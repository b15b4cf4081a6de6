import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, type KeyLike, SignJWT } from 'jose';

/** The audience and issuer the fake portal's assertions name, and the HS256 secret it shares. */
export const PORTAL = {
  audience: 'https://sportello.comune.esempio.it',
  issuer: 'https://portale.comune.esempio.it',
  secret: 'a-secret-shared-with-the-portal-of-at-least-32-characters',
} as const;

/** The claims of Mario Rossi as the comune's portal gets them from SPID. */
export const MARIO = {
  fiscal_number: 'TINIT-RSSMRA80A01H501U',
  name: 'Mario',
  family_name: 'Rossi',
  email: 'mario.rossi@example.org',
} as const;

/** Options of one assertion: claims to set or drop (`undefined`), its times, and how it is signed. */
export interface AssertionOptions {
  claims?: Record<string, unknown>;
  /** Seconds since the epoch; default now. */
  iat?: number;
  /** Seconds since the epoch; default iat + 5 minutes. */
  exp?: number;
  audience?: string;
  issuer?: string;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function signed(key: KeyLike | Uint8Array, alg: string, kid: string | undefined, o: AssertionOptions) {
  const iat = o.iat ?? nowSeconds();
  const payload: JWTPayload = { ...MARIO, ...o.claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload)
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 300)
    .setAudience(o.audience ?? PORTAL.audience)
    .setIssuer(o.issuer ?? PORTAL.issuer)
    .sign(key);
}

/** An assertion the portal signs with the shared HS256 secret. */
export function hs256Assertion(o: AssertionOptions = {}, secret: string = PORTAL.secret): Promise<string> {
  return signed(new TextEncoder().encode(secret), 'HS256', undefined, o);
}

/** A copy of a JWT with one character of its signature changed. */
export function tampered(jwt: string): string {
  const i = jwt.length - 5;
  return jwt.slice(0, i) + (jwt[i] === 'A' ? 'B' : 'A') + jwt.slice(i + 1);
}

/** A copy of a JWT whose payload was rewritten (another fiscal number) and signature kept. */
export function forged(jwt: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object;
  const rewritten = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url');
  return `${header}.${rewritten}.${signature}`;
}

/**
 * The comune's portal for tests: an RS256 and an ES256 key pair, their public keys served as a JWKS at
 * `/.well-known/jwks.json` on a local port (counting requests), and assertions signed with them.
 */
export class FakePortal {
  jwksRequests = 0;
  private server: http.Server | undefined;
  private keys: Record<'RS256' | 'ES256', { privateKey: KeyLike; jwk: object }> | undefined;

  /** Makes the keys and starts serving the JWKS; resolves its URL. */
  async start(): Promise<string> {
    const make = async (alg: 'RS256' | 'ES256') => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: `portal-${alg}`, alg, use: 'sig' } };
    };
    this.keys = { RS256: await make('RS256'), ES256: await make('ES256') };
    const jwks = JSON.stringify({ keys: [this.keys.RS256.jwk, this.keys.ES256.jwk] });
    this.server = http.createServer((req, res) => {
      this.jwksRequests += 1;
      // Not chained: restify, loaded in the same process by other tests, patches writeHead.
      res.statusCode = req.url === '/.well-known/jwks.json' ? 200 : 404;
      res.setHeader('Content-Type', 'application/json');
      res.end(res.statusCode === 200 ? jwks : '{}');
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/.well-known/jwks.json`;
  }

  /** An assertion signed with the portal's RS256 or ES256 key. */
  assertion(o: AssertionOptions = {}, alg: 'RS256' | 'ES256' = 'RS256'): Promise<string> {
    const key = this.keys?.[alg];
    if (!key) throw new Error('FakePortal not started');
    return signed(key.privateKey, alg, `portal-${alg}`, o);
  }

  /** Stops serving. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
