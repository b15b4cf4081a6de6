import type http from 'node:http';
import type { Request, Response } from 'restify';
import { HttpError } from '../http/http-error';
import { type Session, type SessionStore, sameSecret } from './sessions';
import { hasRole, type Role } from './users';

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'sportello_console';
/** Header carrying the per-session CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

/** Reads one cookie from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The origins the console is served from: PUBLIC_URL's when set, and the Host header's. With an https
 * PUBLIC_URL only https ones: a plain-http page on the same host name is not the console (anyone on the path
 * can write one).
 */
function expectedOrigins(req: http.IncomingMessage, publicUrl: string | undefined): string[] {
  const origins: string[] = [];
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  const host = req.headers.host;
  if (host && publicUrl?.startsWith('https://')) origins.push(`https://${host}`);
  else if (host) origins.push(`http://${host}`, `https://${host}`);
  return origins;
}

/** Authenticated request: the session and its cookie token. */
export interface Authenticated {
  session: Session;
  token: string;
}

/**
 * Session cookie, role and CSRF checks for the console's HTTP routes and WebSocket. Every failure is an
 * {@link HttpError}: 401 without a valid session, 403 for a wrong role, a missing CSRF token or a foreign
 * Origin.
 */
export class ConsoleAuth {
  constructor(
    readonly sessions: SessionStore,
    private readonly options: { publicUrl?: string },
  ) {}

  /** True when cookies must be `Secure` (the console is served over https). */
  secure(req: http.IncomingMessage): boolean {
    return (
      this.options.publicUrl?.startsWith('https://') === true ||
      (req.socket as { encrypted?: boolean }).encrypted === true
    );
  }

  /** The `Set-Cookie` value starting a session. */
  cookie(req: http.IncomingMessage, token: string): string {
    const secure = this.secure(req) ? '; Secure' : '';
    return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${this.sessions.maxAgeSeconds}${secure}`;
  }

  /** The `Set-Cookie` value ending a session. */
  clearCookie(req: http.IncomingMessage): string {
    const secure = this.secure(req) ? '; Secure' : '';
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure}`;
  }

  /** The session of the request's cookie, or undefined. */
  async session(req: http.IncomingMessage): Promise<Authenticated | undefined> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.get(token) : undefined;
    return session && token ? { session, token } : undefined;
  }

  /** True when the request has no Origin header (same-origin GET, curl) or one of ours. */
  originAllowed(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || expectedOrigins(req, this.options.publicUrl).includes(origin);
  }

  /**
   * Requires a session with at least `role`; for methods other than GET/HEAD also a same-origin request and the
   * session's CSRF token in `X-CSRF-Token`.
   */
  async require(req: Request, role: Role = 'operator'): Promise<Authenticated> {
    const auth = await this.session(req);
    if (!auth) throw new HttpError(401, 'unauthenticated', 'Please log in to the operator console.');
    if (!hasRole(auth.session.role, role))
      throw new HttpError(403, 'forbidden', `This needs the ${role} role; you are ${auth.session.role}.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') this.checkCsrf(req, auth.session);
    return auth;
  }

  /** Throws 403 unless the request is same-origin and carries the session's CSRF token. */
  checkCsrf(req: Request, session: Session): void {
    if (!this.originAllowed(req)) throw new HttpError(403, 'bad_origin', 'Cross-site request refused.');
    const header = req.headers[CSRF_HEADER];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token || !sameSecret(token, session.csrf))
      throw new HttpError(403, 'csrf', 'Missing or wrong CSRF token: reload the console page.');
  }
}

/** Sends a JSON body with no caching (console data is personal). */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(status);
  res.json(body);
}
