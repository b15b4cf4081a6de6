import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from '../storage/storage';
import type { Role } from './users';

/** Storage collection of console sessions, keyed by the SHA-256 of the cookie token (never the token). */
export const SESSIONS = 'console-sessions';

/** A logged-in operator's session. */
export interface Session {
  username: string;
  name: string;
  role: Role;
  /** Per-session CSRF token the page sends in `X-CSRF-Token` on every state-changing request. */
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Compares two secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Console sessions in storage, so they survive a restart and work across instances. */
export class SessionStore {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMinutes: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a session; resolves the cookie token and the session. */
  async create(user: {
    username: string;
    name: string;
    role: Role;
  }): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = {
      username: user.username,
      name: user.name,
      role: user.role,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMinutes * 60_000).toISOString(),
    };
    await this.storage.put(SESSIONS, hash(token), session);
    return { token, session };
  }

  /** The live session of a cookie token; expired sessions are deleted. */
  async get(token: string | undefined): Promise<Session | undefined> {
    if (!token || token.length > 100) return undefined;
    const session = await this.storage.get<Session>(SESSIONS, hash(token));
    if (!session) return undefined;
    if (new Date(session.expiresAt) <= this.now()) {
      await this.storage.delete(SESSIONS, hash(token));
      return undefined;
    }
    return session;
  }

  /** Ends a session. */
  async destroy(token: string): Promise<void> {
    await this.storage.delete(SESSIONS, hash(token));
  }

  /** Seconds a new session lasts (the cookie's Max-Age). */
  get maxAgeSeconds(): number {
    return this.ttlMinutes * 60;
  }
}
