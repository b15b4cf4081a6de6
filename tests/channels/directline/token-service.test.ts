import {
  loadSigningKey,
  SETTINGS,
  SIGNING_KEY,
  TokenService,
} from '../../../src/channels/directline/token-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';

describe('TokenService', () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');
  let clock = new Date('2026-03-01T10:00:00Z');
  const tokens = new TokenService(key, 600, () => clock);

  it('round-trips the conversation and citizen of a token', () => {
    clock = new Date('2026-03-01T10:00:00Z');
    const claims = tokens.verify(tokens.sign('conv123456', 'dl_abc'));
    expect(claims).toMatchObject({ conversationId: 'conv123456', userId: 'dl_abc' });
    expect(claims.exp - claims.iat).toBe(600);
  });

  it('writes a JWT whose `user` claim Web Chat can read', () => {
    const payload = tokens.sign('conv123456', 'dl_abc').split('.')[1] ?? '';
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      conv: 'conv123456',
      user: 'dl_abc',
    });
  });

  it('rejects tampered, foreign, malformed, missing and expired tokens with the reason', () => {
    clock = new Date('2026-03-01T10:00:00Z');
    const token = tokens.sign('conv123456', 'dl_abc');
    const [h, , sig] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ conv: 'other', user: 'dl_abc', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    const reasons = (t: string | undefined) => {
      try {
        tokens.verify(t);
        return 'ok';
      } catch (err) {
        return (err as { code: string }).code;
      }
    };
    expect(reasons(`${h}.${otherPayload}.${sig}`)).toBe('token_invalid');
    expect(
      reasons(new TokenService(Buffer.from('another-key-another-key'), 600, () => clock).sign('c', 'u')),
    ).toBe('token_invalid');
    expect(reasons('a.b')).toBe('token_invalid');
    expect(reasons(undefined)).toBe('token_missing');
    clock = new Date('2026-03-01T10:10:01Z');
    expect(reasons(token)).toBe('token_expired');
  });
});

describe('loadSigningKey', () => {
  it('creates a random key once and reuses it, so tokens survive a restart', async () => {
    const storage = new MemoryStorage();
    const first = await loadSigningKey(storage, undefined);
    const second = await loadSigningKey(storage, undefined);
    expect(first.equals(second)).toBe(true);
    expect(first.length).toBe(32);
    expect(await storage.get(SETTINGS, SIGNING_KEY)).toBeDefined();
  });

  it('uses the Direct Line secret when configured and stores nothing', async () => {
    const storage = new MemoryStorage();
    const key = await loadSigningKey(storage, 'the-direct-line-secret');
    expect(key.toString()).toBe('the-direct-line-secret');
    expect(await storage.get(SETTINGS, SIGNING_KEY)).toBeUndefined();
  });
});
