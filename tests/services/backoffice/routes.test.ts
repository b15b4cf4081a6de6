import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Server } from 'restify';
import type { Engine } from '../../../src/engine/engine';
import type { ConversationRef, OutboundReply } from '../../../src/engine/types';
import { createServer } from '../../../src/http/server';
import type { Services } from '../../../src/services';
import type { Ticket } from '../../../src/services/tickets/ticket';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { CF, Conversation, PDF, startEngine } from '../transcript';

const KEY = 'bo-test-key-0123456789abcdef';

let server: Server;
let base: string;
let engine: Engine;
let services: Services;
let storage: MemoryStorage;
const sent: Array<{ ref: ConversationRef; replies: readonly OutboundReply[] }> = [];

async function api(path: string, init: RequestInit & { key?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('Authorization', `Bearer ${init.key ?? KEY}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  return fetch(`${base}${path}`, { ...init, headers });
}

async function report(userId: string, category: string, description: string): Promise<string> {
  const c = new Conversation(engine, { channel: 'test', conversationId: `conv-${userId}`, userId });
  await c.send('ciao');
  await c.send({ value: 'service:segnalazione', text: 'Segnalazione' });
  await c.send(category);
  if (category !== 'rifiuti') await c.send('no');
  await c.send('Via Emilia 45');
  await c.send('salta');
  await c.send(description);
  await c.send('no');
  const done = await c.send('conferma');
  return /\*\*(ESE-\d{4}-\d{6})\*\*/.exec(done)?.[1] ?? '';
}

beforeAll(async () => {
  storage = new MemoryStorage();
  ({ engine, services } = await startEngine(storage, { apiKey: KEY }));
  engine.addChannel({
    name: 'test',
    capabilities: { buttons: true, markup: 'markdown' },
    async send(ref, replies) {
      sent.push({ ref, replies });
    },
  });
  server = createServer(pino({ level: 'silent' }));
  services.registerRoutes(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await report('anna', 'illuminazione', 'Lampione spento in via Emilia');
  await report('bruno', 'rifiuti', '=SOMMA(A1:A9) materassi abbandonati');
  // A parking pass from a citizen on a channel without an outbound adapter.
  const c = new Conversation(engine, { channel: 'whatsapp', conversationId: 'wa1', userId: '39333' });
  await c.send('ciao');
  await c.send({ value: 'service:pass-sosta-residenti', text: 'Pass' });
  for (const answer of [
    CF,
    'Mario Rossi',
    'Via Roma 12',
    'AB123CD',
    { attachments: [PDF] },
    'sì',
    'salta',
    'conferma',
  ]) {
    await c.send(answer);
  }
});

afterAll(async () => {
  await services.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('back-office API', () => {
  it('refuses requests without the right key (401 JSON), with Bearer or X-Api-Key accepted', async () => {
    const missing = await api('/api/backoffice/tickets', { key: null });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: { code: 'unauthorized', message: expect.stringContaining('Missing API key') },
    });
    expect((await api('/api/backoffice/tickets', { key: 'wrong' })).status).toBe(401);
    const viaHeader = await fetch(`${base}/api/backoffice/tickets`, { headers: { 'X-Api-Key': KEY } });
    expect(viaHeader.status).toBe(200);
  });

  it('lists and filters tickets by status, service, dates and text', async () => {
    const all = (await (await api('/api/backoffice/tickets')).json()) as { total: number; items: Ticket[] };
    expect(all.total).toBe(3);
    expect(all.items.map((t) => t.protocol)).toEqual([
      'ESE-2026-000003',
      'ESE-2026-000002',
      'ESE-2026-000001',
    ]);
    const parking = (await (await api('/api/backoffice/tickets?service=pass-sosta-residenti')).json()) as {
      items: Ticket[];
    };
    expect(parking.items.map((t) => t.fields.targa)).toEqual(['AB123CD']);
    const text = (await (await api('/api/backoffice/tickets?q=materassi')).json()) as { items: Ticket[] };
    expect(text.items.map((t) => t.protocol)).toEqual(['ESE-2026-000002']);
    const dated = (await (
      await api('/api/backoffice/tickets?from=2026-11-23&to=2026-11-23&status=received')
    ).json()) as { total: number };
    expect(dated.total).toBe(3);
    const before = (await (await api('/api/backoffice/tickets?to=2026-11-22')).json()) as { total: number };
    expect(before.total).toBe(0);
    const bad = await api('/api/backoffice/tickets?status=done');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('status');
  });

  it('reads one ticket; unknown and malformed protocols are 404 and 400', async () => {
    const one = await api('/api/backoffice/tickets/ESE-2026-000003');
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      service: 'pass-sosta-residenti',
      attachments: [PDF],
      ref: { channel: 'whatsapp' },
    });
    expect((await api('/api/backoffice/tickets/ESE-2026-000999')).status).toBe(404);
    expect((await api('/api/backoffice/tickets/nonsense')).status).toBe(400);
  });

  it('changes the status with a note and notifies the citizen on their channel, in their language', async () => {
    const res = await api('/api/backoffice/tickets/ESE-2026-000001', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'in_progress', note: 'Squadra inviata per domani mattina.' }),
    });
    expect(res.status).toBe(200);
    const ticket = (await res.json()) as Ticket;
    expect(ticket.status).toBe('in_progress');
    expect(ticket.history.at(-1)).toMatchObject({
      status: 'in_progress',
      by: 'backoffice',
      note: 'Squadra inviata per domani mattina.',
      notified: true,
    });
    expect(sent.at(-1)?.ref).toMatchObject({ channel: 'test', userId: 'anna' });
    expect(sent.at(-1)?.replies[0]?.text).toContain('Aggiornamento sulla tua pratica **ESE-2026-000001**');
    expect(sent.at(-1)?.replies[0]?.text).toContain('Squadra inviata per domani mattina.');

    // The citizen then sees the new status; another citizen cannot.
    const anna = new Conversation(engine, { channel: 'test', conversationId: 'conv-anna', userId: 'anna' });
    expect(await anna.send('stato pratica ESE-2026-000001')).toContain('stato «in lavorazione»');
    expect(anna.text).toContain('Squadra inviata');
    const bruno = new Conversation(engine, {
      channel: 'test',
      conversationId: 'conv-bruno',
      userId: 'bruno',
    });
    expect(await bruno.send('stato pratica ese-2026-000001')).toContain('Non ho trovato tra le tue pratiche');
  });

  it('keeps the status change when the citizen’s channel is unavailable, recording why', async () => {
    const res = await api('/api/backoffice/tickets/ESE-2026-000003', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'completed' }),
    });
    expect(res.status).toBe(200);
    const stored = (await (await api('/api/backoffice/tickets/ESE-2026-000003')).json()) as Ticket;
    expect(stored.status).toBe('completed');
    expect(stored.history.at(-1)).toMatchObject({
      notified: false,
      notifyError: 'channel whatsapp unavailable',
    });
  });

  it('validates the PATCH body', async () => {
    const bad = await api('/api/backoffice/tickets/ESE-2026-000002', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'archived' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    const extra = await api('/api/backoffice/tickets/ESE-2026-000002', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'completed', by: 'x' }),
    });
    expect(extra.status).toBe(400);
    const broken = await api('/api/backoffice/tickets/ESE-2026-000002', {
      method: 'PATCH',
      body: '{not json',
    });
    expect(broken.status).toBe(400);
  });

  it('exports CSV with one column per field, formula cells neutralised', async () => {
    const res = await api('/api/backoffice/tickets.csv?service=segnalazione');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(header).toContain('protocollo,servizio,stato');
    expect(header).toContain('Descrizione [descrizione]');
    expect(rows).toHaveLength(2);
    expect(csv).toContain('in lavorazione');
    expect(csv).toContain('=SOMMA(A1:A9) materassi abbandonati');
  });
});

describe('back office without a key', () => {
  it('answers 503 JSON "back office disabled"', async () => {
    const { services: s } = await startEngine(new MemoryStorage());
    const srv = createServer(pino({ level: 'silent' }));
    s.registerRoutes(srv);
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const res = await fetch(
      `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/backoffice/tickets`,
      {
        headers: { Authorization: 'Bearer anything' },
      },
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'backoffice_disabled', message: expect.stringContaining('Back office disabled') },
    });
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  });
});
