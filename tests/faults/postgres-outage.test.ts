import { DirectLineCitizen, SEGNALAZIONE_TO_SUMMARY } from '../helpers/directline-citizen';
import { postgresReachable, TEST_DATABASE_URL } from '../helpers/postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres-database';
import { type SpawnedApp, spawnApp } from '../helpers/spawn-app';
import { TcpProxy } from '../helpers/tcp-proxy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `attempt` until it resolves true or `timeoutMs` passes; resolves whether it succeeded. */
async function eventually(attempt: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await attempt().catch(() => false)) return true;
    await sleep(200);
  }
  return false;
}

const available = postgresReachable('PostgreSQL outage fault test');

if (available) {
  describe('PostgreSQL outage while Sportello runs', () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    let database: TestDatabase;
    let app: SpawnedApp | undefined;

    beforeAll(async () => {
      database = await createTestDatabase('sportello_fault');
      await proxy.start();
    });
    afterAll(async () => {
      await app?.kill();
      await proxy.close();
      await database?.drop();
    });

    it('answers politely while the database is away and recovers without a restart', async () => {
      app = await spawnApp({ DATABASE_URL: database.url(`127.0.0.1:${proxy.port}`) });
      const citizen = new DirectLineCitizen(app.url);
      await citizen.start();
      const steps = SEGNALAZIONE_TO_SUMMARY;
      expect(await citizen.say(...(steps[0] as [string, string]))).toContain('Di che tipo di problema');
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

      // Cut while other citizens' messages are in the middle of their queries and transactions.
      const others = Array.from({ length: 8 }, () => new DirectLineCitizen(app?.url ?? ''));
      await Promise.all(others.map((o) => o.start()));
      // A refused or reset HTTP call (status 0) would mean the process died: a reset pooled connection used to
      // be an unhandled 'error' event.
      const inFlight = Promise.all(
        others.map((o) =>
          o.post('orari anagrafe').then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      await sleep(5);
      await proxy.cut();
      for (const status of await inFlight) expect([200, 503]).toContain(status);
      // Every request during the outage gets a JSON error the web chat can show — no hang, no stack trace.
      for (let i = 0; i < 3; i++) {
        const { status, body } = await citizen.post(...(steps[1] as [string, string]));
        expect(status).toBe(503);
        const error = (body as { error: { code: string; message: string } }).error;
        expect(error.message).toMatch(/temporarily unavailable|try again/i);
        expect(JSON.stringify(body)).not.toMatch(/\n\s+at |ECONNREFUSED|PostgreSQL/);
      }
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', storage: 'postgres' });
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200); // the process itself is fine
      // A new citizen's session needs no storage; their first message fails politely too.
      const newcomer = new DirectLineCitizen(app.url);
      await newcomer.start();
      expect((await newcomer.post('ciao')).status).toBe(503);

      await proxy.restore();
      expect(await eventually(async () => (await fetch(`${app?.url}/readyz`)).status === 200)).toBe(true);
      // Same process, same conversation: the form goes on at the question it was at before the outage.
      expect(app.child.exitCode).toBeNull();
      expect(await citizen.say(...(steps[1] as [string, string]))).toContain('pericoloso');
      expect(await newcomer.say('ciao')).toContain('Comune di Esempio');
    });
  });
} else {
  it.skip('needs PostgreSQL (the reason is printed above)', () => undefined);
}
