import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../http/http-error';
import { secretEquals, type TokenClaims, TokenError, type TokenService } from './token-service';

/** Who is calling: the server-side holder of the Direct Line secret, or a citizen's conversation token. */
export type Principal = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

/** The bearer credential of a request, if any. */
export function bearerOf(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Maps a token failure to the HTTP status Direct Line clients expect (403 makes them refresh). */
export function tokenHttpError(err: TokenError): HttpError {
  return new HttpError(err.reason === 'missing' ? 401 : 403, err.code, err.message);
}

/**
 * Checks Direct Line credentials: the secret (when configured) or a signed conversation token, which is only
 * good for its own conversation.
 */
export class DirectLineAuth {
  constructor(
    private readonly tokens: TokenService,
    private readonly secret: string | undefined,
  ) {}

  /** True when the credential is the configured secret. */
  isSecret(credential: string | undefined): boolean {
    return !!credential && !!this.secret && secretEquals(credential, this.secret);
  }

  /** Identifies the caller from a credential; throws a 401/403 {@link HttpError}. */
  principal(credential: string | undefined): Principal {
    if (this.isSecret(credential)) return { kind: 'secret' };
    try {
      return { kind: 'token', claims: this.tokens.verify(credential) };
    } catch (err) {
      if (err instanceof TokenError) throw tokenHttpError(err);
      throw err;
    }
  }

  /** Identifies the caller and checks it may use the conversation; throws 401/403. */
  forConversation(credential: string | undefined, conversationId: string): Principal {
    const principal = this.principal(credential);
    if (principal.kind === 'token' && principal.claims.conversationId !== conversationId)
      throw new HttpError(403, 'wrong_conversation', 'This token is not valid for this conversation.');
    return principal;
  }
}
