import { Writable } from 'node:stream';
import pino from 'pino';
import { createCitizenIdentity } from '../../src/identity';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { hs256Assertion, PORTAL, tampered } from '../helpers/fake-portal';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('CitizenSignIn', () => {
  it('logs a refusal as a warning naming the reason, never the token or its claims', async () => {
    const { logger, lines } = capturingLogger();
    const storage = new MemoryStorage();
    const identity = createCitizenIdentity({
      storage,
      logger,
      settings: { secret: PORTAL.secret, audience: PORTAL.audience, issuer: PORTAL.issuer },
    });
    const token = tampered(await hs256Assertion());
    const outcome = await identity.signIn.accept('webchat:c1', token, 'en');
    expect(outcome).toMatchObject({ verified: false, reason: 'signature' });
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 40);
    expect(warning).toMatchObject({ reason: 'signature', msg: 'identity: assertion refused' });
    const all = lines.join('\n');
    expect(all).not.toContain(token.split('.')[1]);
    expect(all).not.toContain('RSSMRA80A01H501U');
    // Only the reason is kept with the conversation.
    expect(await identity.store.record('webchat:c1')).toEqual({
      refused: 'signature',
      at: expect.any(String),
    });
  });

  it('refuses politely when no secret or JWKS is configured', async () => {
    const identity = createCitizenIdentity({
      storage: new MemoryStorage(),
      logger: pino({ level: 'silent' }),
      settings: {},
    });
    expect(identity.enabled).toBe(false);
    expect(await identity.signIn.accept('webchat:c1', await hs256Assertion(), 'it')).toEqual({
      verified: false,
      reason: 'not_configured',
      message: expect.stringContaining('questo sportello non accetta ancora gli accessi dal portale'),
    });
  });
});
