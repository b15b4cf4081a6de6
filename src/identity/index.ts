import type { Logger } from 'pino';
import type { Middleware } from '../engine/compose';
import type { TurnContext } from '../engine/turn-context';
import type { Storage } from '../storage/storage';
import { AssertionVerifier } from './assertion-verifier';
import { IdentityStore } from './citizen-identity';
import { identityNotice } from './identity-notice';
import { CitizenSignIn } from './sign-in';

/** The `CITIZEN_TOKEN_*` settings; without a secret or a JWKS URL every assertion is refused politely. */
export interface IdentitySettings {
  secret?: string;
  jwksUrl?: string;
  audience?: string;
  issuer?: string;
}

/** The room of citizens already signed in on the comune's portal (SPID/CIE). */
export interface CitizenIdentity {
  /** Each conversation's verified citizen or refusal, in storage. */
  store: IdentityStore;
  /** Verifies the portal's assertions and records the outcome; for `POST /api/webchat/session`. */
  signIn: CitizenSignIn;
  /** The first-turn greeting or refusal notice; goes before the welcome in the pipeline. */
  notice: Middleware<TurnContext>;
  /** True when a secret or a JWKS URL is configured. */
  enabled: boolean;
}

/**
 * Creates the identity room. Sportello is no SPID service provider: the portal is, and passes a signed
 * assertion of who signed in; this room verifies it and keeps the verified identity with the conversation.
 */
export function createCitizenIdentity(options: {
  storage: Storage;
  logger: Logger;
  settings: IdentitySettings;
  now?: () => Date;
}): CitizenIdentity {
  const now = options.now ?? (() => new Date());
  const { secret, jwksUrl, audience, issuer } = options.settings;
  const verifier =
    (secret || jwksUrl) && audience && issuer
      ? new AssertionVerifier({
          ...(secret ? { secret } : {}),
          ...(jwksUrl ? { jwksUrl } : {}),
          audience,
          issuer,
          now,
        })
      : undefined;
  const store = new IdentityStore(options.storage);
  return {
    store,
    signIn: new CitizenSignIn(store, verifier, options.logger, now),
    notice: identityNotice(store),
    enabled: verifier !== undefined,
  };
}

export { AssertionRefusedError, AssertionVerifier, MAX_ASSERTION_SECONDS } from './assertion-verifier';
export {
  CITIZEN_IDENTITIES,
  fullName,
  type IdentityRecord,
  IdentityStore,
  type RefusalReason,
  type VerifiedCitizen,
} from './citizen-identity';
export { parseFiscalNumber } from './fiscal-number';
export type { SignInOutcome } from './sign-in';
