import http from 'node:http';
import bcrypt from 'bcryptjs';
import type { PasswordHasher } from '../../src/console/password-hasher';
import { sharedPasswordHasher } from '../../src/console/password-hasher';
import { eventually } from '../helpers/eventually';
import { startConsole } from './harness';

type Console = Awaited<ReturnType<typeof startConsole>>;

/** Posts a login from a given loopback address (127.0.0.x are all this machine, each a client of its own). */
function loginFrom(
  url: string,
  address: string,
  username: string,
  password: string,
): Promise<{ status: number; retryAfter: string | undefined; code: string | undefined }> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/console/login`,
      {
        method: 'POST',
        localAddress: address,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            code: (JSON.parse(text) as { error?: { code: string } }).error?.code,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Counts the password checks and holds them until opened (so refusals are seen to come first). */
class HeldHasher implements PasswordHasher {
  checks = 0;
  private readonly waiting: Array<() => void> = [];
  private opened = false;
  constructor(private readonly real: PasswordHasher) {}
  hash(password: string, cost: number) {
    return this.real.hash(password, cost);
  }
  async compare(password: string, hash: string) {
    this.checks++;
    if (!this.opened) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.real.compare(password, hash);
  }
  open() {
    this.opened = true;
    for (const go of this.waiting.splice(0)) go();
  }
}

describe('console login rate limits', () => {
  let app: Console | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    jest.restoreAllMocks();
  });

  it('answers 429 with Retry-After to an address past its limit, and serves other addresses', async () => {
    // 6 a minute: a burst of 10 (ten seconds' worth, at least 10).
    app = await startConsole({ config: { LOGIN_RATE_PER_ADDRESS: 6, LOGIN_RATE_GLOBAL: 100_000 } });
    const url = app.url;
    // Logging in successfully does not use the limit up.
    for (let i = 0; i < 12; i++)
      expect((await loginFrom(url, '127.0.0.2', 'giulia', 'password-giulia')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push(await loginFrom(url, '127.0.0.2', `nobody${i}`, 'wrong-password'));
    expect(statuses.map((s) => s.status)).toEqual([...Array(10).fill(401), 429]);
    expect(statuses[10]?.code).toBe('too_many_requests');
    expect(Number(statuses[10]?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await loginFrom(url, '127.0.0.3', 'giulia', 'password-giulia')).status).toBe(200);
  });

  it('lets through only the global burst of 80 logins from 80 addresses; the rest get 429 before any check ends', async () => {
    const held = new HeldHasher(sharedPasswordHasher());
    app = await startConsole({
      passwords: held,
      config: { LOGIN_RATE_PER_ADDRESS: 100_000, LOGIN_RATE_GLOBAL: 60 },
    });
    const url = app.url;
    const answers: Array<{ status: number; retryAfter: string | undefined }> = [];
    const requests = Array.from({ length: 80 }, (_v, i) =>
      loginFrom(url, `127.0.0.${i + 2}`, `user${i}`, 'wrong-password').then((a) => {
        answers.push(a);
        return a;
      }),
    );
    // Every refusal arrives while the admitted checks are still held: a refusal never waits for bcrypt.
    await eventually(() => expect(held.checks + answers.length).toBe(80), 20_000);
    expect(held.checks).toBe(10);
    expect(answers.every((a) => a.status === 429 && Number(a.retryAfter) >= 1)).toBe(true);
    held.open();
    const all = await Promise.all(requests);
    expect(all.filter((a) => a.status === 401)).toHaveLength(10);
  });

  it('checks and hashes passwords off the main thread', async () => {
    app = await startConsole({ config: { LOGIN_RATE_PER_ADDRESS: 100, LOGIN_RATE_GLOBAL: 100 } });
    const onMainThread = [
      jest.spyOn(bcrypt, 'compare'),
      jest.spyOn(bcrypt, 'compareSync'),
      jest.spyOn(bcrypt, 'hash'),
      jest.spyOn(bcrypt, 'hashSync'),
    ];
    expect((await loginFrom(app.url, '127.0.0.1', 'giulia', 'password-giulia')).status).toBe(200);
    expect((await loginFrom(app.url, '127.0.0.1', 'giulia', 'wrong-password')).status).toBe(401);
    expect((await loginFrom(app.url, '127.0.0.1', 'nobody', 'wrong-password')).status).toBe(401);
    for (const spy of onMainThread) expect(spy).not.toHaveBeenCalled();
  });
});
