import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { eventually } from '../helpers/eventually';
import { FakeGpdServer } from '../helpers/fake-gpd-server';
import { completeParkingPass } from '../helpers/parking-pass';
import { postgresReachable } from '../helpers/postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres-database';

/**
 * Two instances share PostgreSQL: the citizen confirms the parking pass on one, and only the holder of the
 * `pagopa` leader lock talks to GPD (every call carries the same instance's X-Request-Id prefix), creating one
 * debt position and moving the ticket to "pagata".
 */

jest.setTimeout(90_000);

const available = postgresReachable('pagoPA across instances');
const GPD_KEY = 'gpd-key-for-two-instances';
const API_KEY = 'backoffice-key-for-two-instances';

(available ? describe : describe.skip)('pagoPA across instances', () => {
  const gpd = new FakeGpdServer(GPD_KEY);
  let db: TestDatabase;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sportello_pagopa');
    const { gpdUrl, checkoutUrl } = await gpd.start();
    for (let i = 0; i < 2; i++)
      apps.push(
        await startTestApp({
          DATABASE_URL: db.url(),
          BACKOFFICE_API_KEY: API_KEY,
          RATE_LIMIT_BURST: '100',
          PAGOPA_GPD_URL: gpdUrl,
          PAGOPA_CHECKOUT_URL: checkoutUrl,
          PAGOPA_API_KEY: GPD_KEY,
          PAGOPA_ORG_FISCAL_CODE: '01234567890',
          PAGOPA_POLL_SECONDS: '1',
        }),
      );
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    await gpd.stop();
    await db?.drop();
  });

  it('has one instance create the position and poll it, once', async () => {
    const [a, b] = apps;
    if (!a || !b) throw new Error('two instances expected');
    const citizens = [new DirectLineCitizen(a.base), new DirectLineCitizen(b.base)];
    const protocols: string[] = [];
    for (const [i, c] of citizens.entries()) {
      await c.start();
      await c.say('ciao');
      protocols.push((await completeParkingPass(apps[i]?.base ?? '', c, 'RSSMRA80A01H501U')).protocol);
    }
    await eventually(() => expect(gpd.positions.size).toBe(2), 20_000);
    for (const iupd of gpd.positions.keys()) gpd.markPaid(iupd);
    for (const protocol of protocols)
      await eventually(async () => {
        const res = await fetch(`${b.base}/api/backoffice/tickets/${protocol}`, {
          headers: { Authorization: `Bearer ${API_KEY}` },
        });
        expect(((await res.json()) as { status: string }).status).toBe('paid');
      }, 20_000);

    const creations = gpd.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/debtpositions'));
    expect(creations.map((r) => r.status)).toEqual([201, 201]);
    const callers = new Set(
      gpd.requests.filter((r) => r.path.includes('/debtpositions')).map((r) => r.requestId?.split('-')[1]),
    );
    expect(callers.size).toBe(1);
    expect([...callers][0]).toMatch(/^[0-9a-f]{8}$/);
  });
});
