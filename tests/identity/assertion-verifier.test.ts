import { generateKeyPair, SignJWT } from 'jose';
import { AssertionRefusedError, AssertionVerifier, parseFiscalNumber } from '../../src/identity';
import { FakePortal, forged, hs256Assertion, MARIO, PORTAL, tampered } from '../helpers/fake-portal';

const now = () => Math.floor(Date.now() / 1000);

async function refusal(verifier: AssertionVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (err) {
    if (err instanceof AssertionRefusedError) {
      // The refusal's message names the reason, never the token.
      expect(err.message).not.toContain(token);
      return err.reason;
    }
    throw err;
  }
  throw new Error('the assertion was accepted');
}

describe('AssertionVerifier with HS256 (CITIZEN_TOKEN_SECRET)', () => {
  const verifier = new AssertionVerifier({
    secret: PORTAL.secret,
    audience: PORTAL.audience,
    issuer: PORTAL.issuer,
  });

  it('accepts a valid assertion and reads the SPID attributes, without the TINIT- prefix', async () => {
    const citizen = await verifier.verify(await hs256Assertion());
    expect(citizen).toEqual({
      fiscalNumber: 'RSSMRA80A01H501U',
      name: 'Mario',
      familyName: 'Rossi',
      email: 'mario.rossi@example.org',
      issuer: PORTAL.issuer,
      verifiedAt: expect.any(String),
    });
  });

  it('accepts a fiscal number without the prefix, in lower case', async () => {
    const token = await hs256Assertion({ claims: { fiscal_number: 'rssmra80a01h501u', email: undefined } });
    const citizen = await verifier.verify(token);
    expect(citizen.fiscalNumber).toBe('RSSMRA80A01H501U');
    expect(citizen.email).toBeUndefined();
  });

  it('refuses a tampered signature and a forged payload', async () => {
    const token = await hs256Assertion();
    expect(await refusal(verifier, tampered(token))).toBe('signature');
    expect(await refusal(verifier, forged(token, { fiscal_number: 'VRDGPP75L12F205X' }))).toBe('signature');
  });

  it('refuses an assertion signed with another secret', async () => {
    const token = await hs256Assertion({}, 'another-secret-that-is-also-32-characters-long');
    expect(await refusal(verifier, token)).toBe('signature');
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    expect(await refusal(verifier, await hs256Assertion({ audience: 'https://other.example.org' }))).toBe(
      'audience',
    );
    expect(await refusal(verifier, await hs256Assertion({ issuer: 'https://evil.example.org' }))).toBe(
      'issuer',
    );
  });

  it('refuses an expired assertion', async () => {
    const token = await hs256Assertion({ iat: now() - 900, exp: now() - 300 });
    expect(await refusal(verifier, token)).toBe('expired');
  });

  it('refuses an assertion living longer than 10 minutes, from its issue or from now', async () => {
    expect(await refusal(verifier, await hs256Assertion({ iat: now(), exp: now() + 601 }))).toBe('too_long');
    // Issued "in ten minutes' time" is in the future; issued now with 11 minutes to live is too long either way.
    expect(await refusal(verifier, await hs256Assertion({ iat: now() + 20, exp: now() + 660 }))).toBe(
      'too_long',
    );
    // Exactly ten minutes is allowed.
    await expect(
      verifier.verify(await hs256Assertion({ iat: now(), exp: now() + 600 })),
    ).resolves.toMatchObject({
      fiscalNumber: 'RSSMRA80A01H501U',
    });
  });

  it('refuses a bad fiscal code, and a missing one', async () => {
    const bad = await hs256Assertion({ claims: { fiscal_number: 'TINIT-RSSMRA80A01H501X' } });
    expect(await refusal(verifier, bad)).toBe('fiscal_number');
    expect(await refusal(verifier, await hs256Assertion({ claims: { fiscal_number: undefined } }))).toBe(
      'claims',
    );
  });

  it('refuses what is no JWT, and an unsigned one', async () => {
    expect(await refusal(verifier, 'not-a-jwt')).toBe('malformed');
    const [, payload] = (await hs256Assertion()).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await refusal(verifier, none)).toBe('malformed');
  });

  it('refuses an RS256 assertion when only the secret is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...MARIO })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .setAudience(PORTAL.audience)
      .setIssuer(PORTAL.issuer)
      .sign(privateKey);
    expect(await refusal(verifier, token)).toBe('malformed');
  });
});

describe('AssertionVerifier with RS256/ES256 (CITIZEN_TOKEN_JWKS_URL)', () => {
  const portal = new FakePortal();
  let verifier: AssertionVerifier;

  beforeAll(async () => {
    const jwksUrl = await portal.start();
    verifier = new AssertionVerifier({ jwksUrl, audience: PORTAL.audience, issuer: PORTAL.issuer });
  });
  afterAll(() => portal.stop());

  it('accepts RS256 and ES256 assertions with keys from the local JWKS server', async () => {
    await expect(verifier.verify(await portal.assertion({}, 'RS256'))).resolves.toMatchObject({
      fiscalNumber: 'RSSMRA80A01H501U',
      familyName: 'Rossi',
    });
    await expect(verifier.verify(await portal.assertion({}, 'ES256'))).resolves.toMatchObject({
      fiscalNumber: 'RSSMRA80A01H501U',
    });
    expect(portal.jwksRequests).toBeGreaterThanOrEqual(1);
  });

  it('refuses a tampered RS256 assertion, and an HS256 one (no secret configured)', async () => {
    expect(await refusal(verifier, tampered(await portal.assertion()))).toBe('signature');
    expect(await refusal(verifier, await hs256Assertion())).toBe('malformed');
  });

  it('refuses wrong audience, wrong issuer, expired and too long-lived RS256 assertions', async () => {
    expect(await refusal(verifier, await portal.assertion({ audience: 'other' }))).toBe('audience');
    expect(await refusal(verifier, await portal.assertion({ issuer: 'other' }))).toBe('issuer');
    expect(await refusal(verifier, await portal.assertion({ iat: now() - 700, exp: now() - 100 }))).toBe(
      'expired',
    );
    expect(await refusal(verifier, await portal.assertion({ exp: now() + 3600 }))).toBe('too_long');
  });

  it('says the check is unavailable when the JWKS cannot be fetched', async () => {
    const offline = new AssertionVerifier({
      jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json',
      audience: PORTAL.audience,
      issuer: PORTAL.issuer,
    });
    expect(await refusal(offline, await portal.assertion())).toBe('unavailable');
  });
});

describe('parseFiscalNumber', () => {
  it('takes the codice fiscale with or without SPID’s TINIT- prefix and refuses a wrong one', () => {
    expect(parseFiscalNumber('TINIT-RSSMRA80A01H501U')).toBe('RSSMRA80A01H501U');
    expect(parseFiscalNumber('RSSMRA80A01H501U')).toBe('RSSMRA80A01H501U');
    expect(parseFiscalNumber('TINIT-RSSMRA80A01H501A')).toBeUndefined();
    expect(parseFiscalNumber('TINIT-')).toBeUndefined();
  });
});
