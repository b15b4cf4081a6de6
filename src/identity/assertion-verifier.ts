import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { SportelloError } from '../shared/errors';
import type { RefusalReason, VerifiedCitizen } from './citizen-identity';
import { parseFiscalNumber } from './fiscal-number';

/** Longest an assertion may live: from its issue to its expiry, and from now to its expiry. */
export const MAX_ASSERTION_SECONDS = 600;
/** Clock difference tolerated between the portal and Sportello when checking `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** An identity assertion was refused; `reason` says why (never the token, nor its claims). */
export class AssertionRefusedError extends SportelloError {
  constructor(
    readonly reason: RefusalReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('assertion_refused', `Identity assertion refused (${reason}): ${detail}`, options);
  }
}

/** The portal's JWKS could not be fetched or read (network, timeout, not a key set). */
class JwksUnavailableError extends SportelloError {
  constructor(cause: unknown) {
    super('jwks_unavailable', 'The JWKS of CITIZEN_TOKEN_JWKS_URL could not be read', { cause });
  }
}

/** How assertions are checked: at least one key source, and the audience and issuer they must name. */
export interface VerifierSettings {
  /** `CITIZEN_TOKEN_SECRET`: HS256 key shared with the portal. */
  secret?: string;
  /** `CITIZEN_TOKEN_JWKS_URL`: the portal's public keys for RS256/ES256. */
  jwksUrl?: string;
  audience: string;
  issuer: string;
  now?: () => Date;
}

/** The claims Sportello reads, named as the SPID/CIE attributes. */
const claimsSchema = z.object({
  fiscal_number: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(100).optional().catch(undefined),
  family_name: z.string().trim().min(1).max(100).optional().catch(undefined),
  email: z.string().trim().max(254).email().optional().catch(undefined),
  iat: z.number(),
  exp: z.number(),
});

/**
 * Verifies the signed identity assertions (JWT) the comune's portal passes when it opens the chat, with
 * `jose`: HS256 with the shared secret, or RS256/ES256 with a key from the portal's JWKS; the audience and
 * issuer must be the configured ones, the assertion must be current and live at most ten minutes, and
 * `fiscal_number` must be a valid codice fiscale.
 */
export class AssertionVerifier {
  private readonly key: JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly now: () => Date;

  constructor(private readonly settings: VerifierSettings) {
    this.now = settings.now ?? (() => new Date());
    const secret = settings.secret ? new TextEncoder().encode(settings.secret) : undefined;
    const jwks = settings.jwksUrl
      ? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 })
      : undefined;
    this.algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256', 'ES256'] : [])];
    // The header's algorithm picks the key source; `algorithms` keeps it to the configured ones.
    this.key = async (header, token) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (jwks && header.alg !== 'HS256') {
        try {
          return await jwks(header, token);
        } catch (err) {
          // No key of that id is a bad signature; anything else means the portal's keys could not be read.
          if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
            throw err;
          throw new JwksUnavailableError(err);
        }
      }
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    };
  }

  /** Verifies an assertion; resolves the citizen or rejects with {@link AssertionRefusedError}. */
  async verify(token: string): Promise<VerifiedCitizen> {
    const now = this.now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: this.algorithms,
        audience: this.settings.audience,
        issuer: this.settings.issuer,
        requiredClaims: ['iat', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
      }));
    } catch (err) {
      throw refusalOf(err);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new AssertionRefusedError('claims', 'fiscal_number, iat or exp is missing or malformed');
    const { iat, exp } = claims.data;
    const nowSeconds = now.getTime() / 1000;
    if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS)
      throw new AssertionRefusedError('claims', 'iat is in the future');
    if (exp - iat > MAX_ASSERTION_SECONDS || exp - nowSeconds > MAX_ASSERTION_SECONDS)
      throw new AssertionRefusedError('too_long', `lives longer than ${MAX_ASSERTION_SECONDS} seconds`);
    const fiscalNumber = parseFiscalNumber(claims.data.fiscal_number);
    if (!fiscalNumber)
      throw new AssertionRefusedError('fiscal_number', 'fiscal_number is no valid codice fiscale');
    const { name, family_name: familyName, email } = claims.data;
    return {
      fiscalNumber,
      ...(name ? { name } : {}),
      ...(familyName ? { familyName } : {}),
      ...(email ? { email } : {}),
      issuer: this.settings.issuer,
      verifiedAt: now.toISOString(),
    };
  }
}

/** The refusal a `jose` error means. */
function refusalOf(err: unknown): AssertionRefusedError {
  const refuse = (reason: RefusalReason, detail: string) =>
    new AssertionRefusedError(reason, detail, { cause: err });
  if (err instanceof errors.JWTExpired) return refuse('expired', 'exp is past');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return refuse('audience', 'aud is not this service');
    if (err.claim === 'iss') return refuse('issuer', 'iss is not the configured portal');
    if (err.claim === 'nbf') return refuse('expired', 'nbf is still in the future');
    return refuse('claims', `${err.claim} ${err.reason}`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey)
    return refuse('signature', 'the signature does not verify with any configured key');
  if (err instanceof JwksUnavailableError) return refuse('unavailable', err.message);
  if (
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid
  )
    return refuse('malformed', err.message);
  return refuse('malformed', err instanceof Error ? err.message : 'unreadable');
}
