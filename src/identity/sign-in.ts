import type { Logger } from 'pino';
import type { Lang } from '../engine/types';
import { AssertionRefusedError, type AssertionVerifier } from './assertion-verifier';
import type { IdentityStore, RefusalReason } from './citizen-identity';
import { refusalText } from './identity-texts';

/** What the session endpoint answers about an identity assertion (added to its JSON as `identity`). */
export type SignInOutcome =
  | { verified: true; name?: string; familyName?: string }
  | { verified: false; reason: RefusalReason; message: string };

/**
 * Takes the identity assertion the portal passed for a conversation: verified, the citizen is recorded with
 * the conversation; refused, the conversation is recorded as anonymous with the reason (its first message
 * says why), a warning is logged without the token, and the citizen is told in their language.
 */
export class CitizenSignIn {
  constructor(
    private readonly store: IdentityStore,
    private readonly verifier: AssertionVerifier | undefined,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Verifies `assertion` for the conversation `conversationKey` and records the outcome. */
  async accept(conversationKey: string, assertion: string, lang: Lang): Promise<SignInOutcome> {
    try {
      if (!this.verifier)
        throw new AssertionRefusedError(
          'not_configured',
          'CITIZEN_TOKEN_SECRET / CITIZEN_TOKEN_JWKS_URL unset',
        );
      const citizen = await this.verifier.verify(assertion);
      await this.store.put(conversationKey, { verified: citizen });
      this.logger.info(
        { conversation: conversationKey, issuer: citizen.issuer },
        'identity: citizen verified',
      );
      return {
        verified: true,
        ...(citizen.name ? { name: citizen.name } : {}),
        ...(citizen.familyName ? { familyName: citizen.familyName } : {}),
      };
    } catch (err) {
      if (!(err instanceof AssertionRefusedError)) throw err;
      await this.store.put(conversationKey, { refused: err.reason, at: this.now().toISOString() });
      // The message names the reason only: never the token, nor a claim of it.
      this.logger.warn(
        { conversation: conversationKey, reason: err.reason, detail: err.message },
        'identity: assertion refused',
      );
      return { verified: false, reason: err.reason, message: refusalText(lang, err.reason) };
    }
  }
}
