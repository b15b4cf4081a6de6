import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { NewTicket } from '../../../src/services/tickets/ticket-store';
import { TICKETS, TicketStore } from '../../../src/services/tickets/ticket-store';
import { backoffDelay, WebhookDispatcher } from '../../../src/services/webhook/dispatcher';
import { OUTBOX, type OutboxEntry, type WebhookEvent } from '../../../src/services/webhook/outbox';
import { signBody, verifySignature } from '../../../src/services/webhook/signature';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { BatchOp } from '../../../src/storage/storage';

const SECRET = 'webhook-secret-0123456789';
const logger = pino({ level: 'silent' });

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  event: WebhookEvent;
  status: number;
}

/** A local HTTP receiver answering with the statuses given, then 200. */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = statuses.shift() ?? 200;
      received.push({ headers: req.headers, raw, event: JSON.parse(raw) as WebhookEvent, status });
      // Not chained: restify (loaded by other suites in the same worker) patches writeHead to return nothing.
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sportello`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function newTicket(n: number): NewTicket {
  return {
    submissionId: `sub-${n}`,
    service: 'segnalazione',
    serviceTitle: { it: 'Segnala un problema', en: 'Report a problem' },
    fields: { categoria: 'strade', descrizione: 'Buca profonda in via Emilia' },
    summary: [{ id: 'descrizione', type: 'text', label: 'Descrizione', text: 'Buca profonda in via Emilia' }],
    attachments: [],
    ref: { channel: 'telegram', conversationId: '42', userId: '42' },
    lang: 'it',
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('webhook dispatcher', () => {
  it('POSTs ticket.created with a verifiable HMAC-SHA256 signature and the event id, then empties the outbox', async () => {
    const hook = await receiver();
    const storage = new MemoryStorage();
    const dispatcher = new WebhookDispatcher({ storage, logger, url: hook.url, secret: SECRET, pollMs: 20 });
    const tickets = new TicketStore(storage, {
      cityCode: 'ESE',
      now: () => new Date(),
      webhook: true,
      onEvent: () => dispatcher.kick(),
    });
    dispatcher.start();
    const { ticket } = await tickets.create(newTicket(1));
    await until(() => hook.received.length === 1);
    const [got] = hook.received;
    expect(got?.headers['x-sportello-signature']).toBe(signBody(got?.raw ?? '', SECRET));
    expect(verifySignature(got?.raw ?? '', SECRET, got?.headers['x-sportello-signature'] as string)).toBe(
      true,
    );
    expect(
      verifySignature(
        got?.raw ?? '',
        'another-secret-xxxxxxxx',
        got?.headers['x-sportello-signature'] as string,
      ),
    ).toBe(false);
    expect(got?.headers['x-sportello-event']).toBe('ticket.created');
    expect(got?.headers['x-sportello-event-id']).toBe(got?.event.id);
    expect(got?.event).toMatchObject({
      type: 'ticket.created',
      data: { ticket: { protocol: ticket.protocol, status: 'received' } },
    });
    await until(async () => (await storage.list(OUTBOX)).length === 0);

    await tickets.changeStatus(ticket.protocol, { status: 'completed', note: 'Riparata' });
    await until(() => hook.received.length === 2);
    expect(hook.received[1]?.event).toMatchObject({
      type: 'ticket.updated',
      data: { ticket: { status: 'completed' } },
    });
    await dispatcher.stop();
    await hook.close();
  });

  it('retries until a 2xx, keeping the same event id and body', async () => {
    const hook = await receiver([500, 503, 200]);
    const storage = new MemoryStorage();
    const dispatcher = new WebhookDispatcher({
      storage,
      logger,
      url: hook.url,
      secret: SECRET,
      baseDelayMs: 40,
      pollMs: 10,
    });
    const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => new Date(), webhook: true });
    await tickets.create(newTicket(1));
    dispatcher.start();
    await until(() => hook.received.length === 1);
    await until(
      async () => ((await storage.list<OutboxEntry>(OUTBOX))[0]?.value.lastError ?? '') === 'HTTP 500',
    );
    await until(() => hook.received.length === 3);
    await until(async () => (await storage.list(OUTBOX)).length === 0);
    await dispatcher.stop();
    expect(new Set(hook.received.map((r) => r.event.id)).size).toBe(1);
    expect(new Set(hook.received.map((r) => r.raw)).size).toBe(1);
    expect(hook.received.map((r) => r.headers['x-sportello-attempt'])).toEqual(['1', '2', '3']);
    await hook.close();
  });

  it('backs off exponentially with jitter, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 5000, 3_600_000, () => 0.5))).toEqual([
      5000, 10_000, 20_000, 40_000,
    ]);
    expect(backoffDelay(20, 5000, 3_600_000, () => 0.5)).toBe(3_600_000);
    expect(backoffDelay(1, 5000, 3_600_000, () => 0)).toBe(4000);
    expect(backoffDelay(1, 5000, 3_600_000, () => 1)).toBeCloseTo(6000);
  });

  it('resumes pending events after a restart: a new dispatcher on the same storage delivers them', async () => {
    const down = await receiver([503, 503, 503, 503, 503]);
    const storage = new MemoryStorage();
    const first = new WebhookDispatcher({
      storage,
      logger,
      url: down.url,
      secret: SECRET,
      baseDelayMs: 60_000,
      pollMs: 10,
    });
    const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => new Date(), webhook: true });
    await tickets.create(newTicket(1));
    first.start();
    await until(() => down.received.length === 1);
    await first.stop();
    const pending = await storage.list<OutboxEntry>(OUTBOX);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.value).toMatchObject({ attempts: 1, lastError: 'HTTP 503' });

    // "Restart": the retry is due (time passed), the receiver is back.
    await storage.put(OUTBOX, pending[0]?.key ?? '', {
      ...pending[0]?.value,
      nextAttemptAt: new Date(0).toISOString(),
    });
    const up = await receiver();
    const second = new WebhookDispatcher({ storage, logger, url: up.url, secret: SECRET, pollMs: 10 });
    second.start();
    await until(() => up.received.length === 1);
    await until(async () => (await storage.list(OUTBOX)).length === 0);
    await new Promise((r) => setTimeout(r, 100)); // a few more polls: nothing is sent twice
    await second.stop();
    expect(up.received).toHaveLength(1);
    expect(up.received[0]?.event.id).toBe(down.received[0]?.event.id);
    await down.close();
    await up.close();
  });

  it('sends the events of one ticket in order even when the first one is being retried', async () => {
    const hook = await receiver([500]);
    const storage = new MemoryStorage();
    const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => new Date(), webhook: true });
    const { ticket } = await tickets.create(newTicket(1));
    await tickets.changeStatus(ticket.protocol, { status: 'in_progress' });
    const dispatcher = new WebhookDispatcher({
      storage,
      logger,
      url: hook.url,
      secret: SECRET,
      baseDelayMs: 30,
      pollMs: 10,
    });
    dispatcher.start();
    await until(() => hook.received.length === 3);
    await dispatcher.stop();
    expect(hook.received.map((r) => `${r.event.type}:${r.status}`)).toEqual([
      'ticket.created:500',
      'ticket.created:200',
      'ticket.updated:200',
    ]);
    await hook.close();
  });

  it('writes the ticket and its event atomically: when the batch fails, neither exists', async () => {
    const storage = new MemoryStorage();
    const failing = Object.assign(Object.create(storage) as MemoryStorage, {
      batch: async (_ops: BatchOp[]): Promise<number[]> => {
        throw new Error('disk full');
      },
    });
    const tickets = new TicketStore(failing, { cityCode: 'ESE', now: () => new Date(), webhook: true });
    await expect(tickets.create(newTicket(1))).rejects.toThrow('disk full');
    expect(await storage.list(TICKETS)).toEqual([]);
    expect(await storage.list(OUTBOX)).toEqual([]);
  });

  it('a repeated confirmation of the same submission stores one ticket and one event', async () => {
    const storage = new MemoryStorage();
    const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => new Date(), webhook: true });
    const a = await tickets.create(newTicket(7));
    const b = await tickets.create(newTicket(7));
    expect(b).toEqual({ ticket: a.ticket, created: false });
    expect(await storage.list(TICKETS)).toHaveLength(1);
    expect(await storage.list(OUTBOX)).toHaveLength(1);
  });
});
