import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { createAnalytics } from '../../../src/analytics';
import { registerConsole } from '../../../src/console';
import { registerEditorRoom } from '../../../src/console/editor';
import { UserStore } from '../../../src/console/users';
import { createServer } from '../../../src/http/server';
import { createKnowledgeBase, type KnowledgeBase } from '../../../src/kb';
import { handoffEngine } from '../../handoff/harness';
import { login } from '../harness';

const logger = pino({ level: 'silent' });
let url: string;
let kb: KnowledgeBase;
let close: () => Promise<void>;

beforeAll(async () => {
  const parts = handoffEngine();
  kb = await createKnowledgeBase({
    dir: path.join(__dirname, '../../../knowledge'),
    watch: false,
    answerThreshold: 0.5,
    suggestThreshold: 0.4,
    storage: parts.storage,
    logger,
    pollMs: 0,
  });
  parts.engine.addSkill(kb.skill);
  const server = createServer(logger);
  const operatorConsole = registerConsole(server, {
    ...parts,
    logger,
    config: { CONSOLE_SESSION_TTL_MINUTES: 60 },
    bcryptCost: 4,
  });
  const analytics = createAnalytics({ storage: parts.storage, engine: parts.engine, logger });
  registerEditorRoom(server, {
    auth: operatorConsole.auth,
    store: kb.store,
    analytics,
    logger,
    thresholds: { answerThreshold: 0.5, suggestThreshold: 0.4 },
  });
  const users = new UserStore(parts.storage, 4);
  await users.create({ username: 'giulia', password: 'password-giulia', role: 'operator', name: 'Giulia' });
  await users.create({ username: 'elena', password: 'password-elena', role: 'editor', name: 'Elena' });
  await users.create({ username: 'admin', password: 'password-admin', role: 'admin', name: 'Anna' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    await kb.close();
    await operatorConsole.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    (server.server as http.Server).closeAllConnections();
    await closed;
  };
});
afterAll(() => close());

// Rows always have three cells: jest would take a missing third argument for a `done` callback.
const ROUTES: Array<[string, string, unknown]> = [
  ['GET', '/api/console/kb/entries', undefined],
  ['GET', '/api/console/kb/entries/imu', undefined],
  ['POST', '/api/console/kb/entries', { front: {}, body: 'x' }],
  ['PUT', '/api/console/kb/entries/imu/draft', { front: {}, body: 'x', version: 1 }],
  ['POST', '/api/console/kb/entries/imu/publish', { version: 1 }],
  ['POST', '/api/console/kb/entries/imu/discard', { version: 1 }],
  ['DELETE', '/api/console/kb/entries/imu', undefined],
  ['GET', '/api/console/kb/entries/imu/revisions', undefined],
  ['GET', '/api/console/kb/entries/imu/revisions/1/diff', undefined],
  ['POST', '/api/console/kb/entries/imu/revisions/1/restore', {}],
  ['POST', '/api/console/kb/preview', { body: '**x**' }],
  ['GET', '/api/console/kb/try?q=imu', undefined],
  ['POST', '/api/console/kb/drafts-from-question', { question: 'orari piscina', lang: 'it' }],
  ['GET', '/api/console/kb/synonyms', undefined],
  ['PUT', '/api/console/kb/synonyms', { text: 'it: {}' }],
  ['GET', '/api/console/analytics', undefined],
  ['GET', '/api/console/analytics/unanswered', undefined],
  ['GET', '/api/console/analytics/export?table=daily', undefined],
];

describe('editor and analytics API: authentication and roles', () => {
  it.each(ROUTES)('%s %s without a session answers 401 JSON', async (method, p, body) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it.each(ROUTES)('%s %s as an operator answers 403', async (method, p, body) => {
    const giulia = await login(url, 'giulia');
    const res = await giulia.call(method, p, body);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('refuses a change without the CSRF token', async () => {
    const elena = await login(url, 'elena');
    const res = await elena.call(
      'POST',
      '/api/console/kb/preview',
      { body: 'x' },
      { 'X-CSRF-Token': 'wrong' },
    );
    expect(res.status).toBe(403);
  });
});

describe('editor API', () => {
  type Detail = {
    entry: { id: string; version: number; status: string };
    draft: unknown;
    published: unknown;
  };

  it('validates edits with the kb validate schema and says which field is wrong', async () => {
    const elena = await login(url, 'elena');
    const res = await elena.call('POST', '/api/console/kb/entries', {
      front: { id: 'Piscina!', lang: 'it', title: 'ok', questions: [], servizio: 'x' },
      body: '',
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_entry');
    expect(error.message).toContain('field "id": must be lower-case letters, digits and dashes');
    expect(error.message).toContain('field "questions": needs at least one question');
    expect(error.message).toContain('unknown field "servizio"');
    expect(error.message).toContain('empty answer');
    const dates = await elena.call('POST', '/api/console/kb/entries', {
      front: {
        id: 'date',
        lang: 'it',
        title: 'Date',
        questions: ['Quando?'],
        valid_from: '2025-05-01',
        valid_until: '2025-04-01',
      },
      body: 'Testo.',
    });
    expect(((await dates.json()) as { error: { message: string } }).error.message).toBe(
      'valid_until is before valid_from',
    );
  });

  it('creates, publishes and serves an entry; the try-it box shows it with its score', async () => {
    const elena = await login(url, 'elena');
    const created = await elena.call('POST', '/api/console/kb/entries', {
      front: {
        id: 'piscina-comunale',
        lang: 'it',
        title: 'Piscina comunale: orari',
        questions: ['Che orari fa la piscina comunale?', 'Quando apre la piscina?'],
        tags: ['sport'],
      },
      body: 'La piscina è aperta **dalle 9 alle 21**.',
    });
    expect(created.status).toBe(201);
    const d = (await created.json()) as Detail;
    expect(d.entry).toMatchObject({ status: 'draft', version: 1 });
    const before = (await (
      await elena.call('GET', '/api/console/kb/try?q=orari%20piscina%20comunale')
    ).json()) as {
      answer: string | null;
    };
    expect(before.answer).not.toBe('piscina-comunale');
    expect(
      (await elena.call('POST', '/api/console/kb/entries/piscina-comunale/publish', { version: 1 })).status,
    ).toBe(200);
    const after = (await (
      await elena.call('GET', '/api/console/kb/try?q=orari%20piscina%20comunale')
    ).json()) as {
      decision: string;
      answer: string;
      confidence: number;
      thresholds: { answerThreshold: number };
      results: Array<{ id: string; score: number; probability: number }>;
    };
    expect(after).toMatchObject({ decision: 'answer', answer: 'piscina-comunale' });
    // The entries in the answer model's order, with the probability the answer threshold is read against.
    expect(after.results[0]).toMatchObject({ id: 'piscina-comunale', probability: after.confidence });
    expect(after.confidence).toBeGreaterThanOrEqual(after.thresholds.answerThreshold);
    expect(after.results[0]?.score).toBeGreaterThanOrEqual(0.5);
    expect(kb.search('orari piscina comunale', 'it').results[0]?.entry.body).toContain('dalle 9 alle 21');
    // A second publish with the old version is refused.
    expect(
      (await elena.call('POST', '/api/console/kb/entries/piscina-comunale/publish', { version: 1 })).status,
    ).toBe(409);
  });

  it('shows revision history with a diff, and restores an old revision', async () => {
    const elena = await login(url, 'elena');
    const cur = (await (await elena.call('GET', '/api/console/kb/entries/imu')).json()) as Detail & {
      published: { title: string; questions: string[]; tags: string[]; lang: string; body: string };
    };
    const { body: oldBody, ...front } = cur.published as Record<string, unknown> & { body: string };
    delete front.file;
    const saved = await elena.call('PUT', '/api/console/kb/entries/imu/draft', {
      front,
      body: 'IMU: nuova risposta di prova.',
      version: cur.entry.version,
    });
    expect(saved.status).toBe(200);
    const v = ((await saved.json()) as Detail).entry.version;
    expect((await elena.call('POST', '/api/console/kb/entries/imu/publish', { version: v })).status).toBe(
      200,
    );
    const revs = (await (await elena.call('GET', '/api/console/kb/entries/imu/revisions')).json()) as {
      revisions: Array<{ seq: number; action: string; author: string }>;
    };
    expect(revs.revisions.map((r) => [r.seq, r.action, r.author])).toEqual([
      [3, 'publish', 'elena'],
      [2, 'draft', 'elena'],
      [1, 'import', 'file'],
    ]);
    const diff = (await (await elena.call('GET', '/api/console/kb/entries/imu/revisions/2/diff')).json()) as {
      diff: Array<{ op: string; text: string }>;
    };
    expect(diff.diff).toContainEqual({ op: 'add', text: 'IMU: nuova risposta di prova.' });
    expect(
      diff.diff
        .filter((l) => l.op === 'del')
        .map((l) => l.text)
        .join('\n'),
    ).toContain(oldBody.split('\n')[0]);
    const restored = await elena.call('POST', '/api/console/kb/entries/imu/revisions/1/restore', {});
    expect(restored.status).toBe(200);
    expect(kb.store.snapshot.get('imu')?.body).toBe(oldBody);
  });

  it('renders the preview per channel with raw HTML as text', async () => {
    const elena = await login(url, 'elena');
    const res = await elena.call('POST', '/api/console/kb/preview', {
      body: '**Orari** <img src=x onerror=alert(1)> [sito](javascript:alert(1)) [ok](https://example.org)',
    });
    const p = (await res.json()) as { webchat: string; telegram: string; whatsapp: string };
    expect(p.webchat).toContain('<strong>Orari</strong>');
    expect(p.webchat).not.toContain('<img');
    expect(p.webchat).not.toContain('href="javascript:');
    expect(p.telegram).toContain('<b>Orari</b>');
    expect(p.telegram).toContain('&lt;img');
    expect(p.whatsapp).toContain('*Orari*');
  });

  it('creates a draft prefilled with an unanswered question, refused at publish until answered', async () => {
    const admin = await login(url, 'admin');
    const res = await admin.call('POST', '/api/console/kb/drafts-from-question', {
      question: 'Dove posso lasciare la bicicletta?',
      lang: 'it',
    });
    expect(res.status).toBe(201);
    const d = (await res.json()) as Detail & { draft: { entry: { questions: string[]; id: string } } };
    expect(d.draft.entry.questions).toEqual(['Dove posso lasciare la bicicletta?']);
    const pub = await admin.call('POST', `/api/console/kb/entries/${d.entry.id}/publish`, {
      version: d.entry.version,
    });
    expect(pub.status).toBe(400);
  });

  it('refuses broken synonyms with the line', async () => {
    const elena = await login(url, 'elena');
    const res = await elena.call('PUT', '/api/console/kb/synonyms', { text: 'it:\n  rifiuti: [monnezza\n' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_synonyms');
  });

  it('answers a wrong analytics period with 400', async () => {
    const elena = await login(url, 'elena');
    const res = await elena.call('GET', '/api/console/analytics?from=2025-05-01&to=2025-04-01');
    expect(res.status).toBe(400);
    const csv = await elena.call('GET', '/api/console/analytics/export?table=summary');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('metric,value');
  });
});
