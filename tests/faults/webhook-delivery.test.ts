import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProtocol } from '../../src/services/tickets/protocol';
import { CONFIRM, DirectLineCitizen, SEGNALAZIONE_TO_SUMMARY } from '../helpers/directline-citizen';
import { type SpawnedApp, spawnApp } from '../helpers/spawn-app';
import { auditTickets, halfWritten } from '../helpers/ticket-audit';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const API_KEY = 'fault-test-backoffice-key-0123456789';
const SECRET = 'fault-test-webhook-secret-0123456789';
const TICKETS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kill -9 during a webhook delivery', () => {
  let dir: string;
  let db: string;
  let app: SpawnedApp | undefined;
  const receiver = new WebhookReceiver(SECRET);
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-fault-webhook-'));
    db = path.join(dir, 'sportello.db');
    env = {
      DATABASE_URL: `sqlite:${db}`,
      BACKOFFICE_API_KEY: API_KEY,
      WEBHOOK_URL: await receiver.listen(),
      WEBHOOK_SECRET: SECRET,
    };
  });
  afterAll(async () => {
    await app?.kill();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('redelivers the event in flight with the same event id after restart, and loses none', async () => {
    receiver.hold = true; // the back office is slow: the first delivery is still open when Sportello dies
    app = await spawnApp(env);
    const protocols: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const citizen = new DirectLineCitizen(app.url);
      await citizen.start();
      for (const [text, choice] of SEGNALAZIONE_TO_SUMMARY) await citizen.say(text, choice);
      const protocol = findProtocol(await citizen.say(...CONFIRM));
      expect(protocol).toBeDefined();
      protocols.push(protocol ?? '');
    }
    // A status change queues a ticket.updated event behind its ticket.created one.
    const patch = await fetch(`${app.url}/api/backoffice/tickets/${protocols[0]}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', note: 'Squadra inviata' }),
    });
    expect(patch.status).toBe(200);

    await receiver.until((d) => d.length >= 1);
    const inFlight = receiver.deliveries[0];
    await app.kill();

    receiver.hold = false;
    app = await spawnApp(env);
    // Every event arrives, in the end: 3 created + 1 updated logical events.
    await receiver.until((d) => new Set(d.map((x) => x.eventId)).size === TICKETS + 1);
    // The outbox entry is deleted just after the 2xx: wait for it (SQLite WAL lets this process read meanwhile).
    for (let i = 0; i < 100 && auditTickets(db).outbox.length > 0; i++) await sleep(50);
    await app.kill();

    const { deliveries } = receiver;
    expect(deliveries.every((d) => d.signed)).toBe(true);
    // The delivery cut by the crash came again with the same event id (at-least-once: receivers de-duplicate).
    expect(deliveries.filter((d) => d.eventId === inFlight?.eventId).length).toBeGreaterThanOrEqual(2);
    // Distinct event ids map one-to-one onto logical events: one ticket.created per ticket, one update.
    const byId = new Map(deliveries.map((d) => [d.eventId, `${d.type} ${d.protocol}`]));
    expect([...byId.values()].sort()).toEqual(
      [...protocols.map((p) => `ticket.created ${p}`), `ticket.updated ${protocols[0]}`].sort(),
    );
    // One ticket's events keep their order: its update is never seen before its creation.
    const first = (type: string) =>
      deliveries.findIndex((d) => d.type === type && d.protocol === protocols[0]);
    expect(first('ticket.created')).toBeLessThan(first('ticket.updated'));

    const audit = auditTickets(db);
    expect(audit.outbox).toEqual([]); // nothing left to deliver, nothing re-queued
    expect(audit.tickets).toHaveLength(TICKETS);
    expect(halfWritten(audit)).toEqual([]);
  });
});
