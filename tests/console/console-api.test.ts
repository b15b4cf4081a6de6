import { WebSocket } from 'ws';
import type { AuditEntry } from '../../src/handoff/audit-log';
import { said } from '../handoff/harness';
import { type Client, login, startConsole } from './harness';

type Console = Awaited<ReturnType<typeof startConsole>>;
let app: Console;

beforeEach(async () => {
  app = await startConsole();
});
afterEach(async () => {
  await app.close();
});

/** Every console route with a body a logged-in caller could send. */
// Rows always have three cells: jest would take a missing third argument for a `done` callback.
const ROUTES: Array<[string, string, unknown]> = [
  ['GET', '/api/console/me', undefined],
  ['POST', '/api/console/logout', {}],
  ['GET', '/api/console/queue', undefined],
  ['GET', '/api/console/cases/1', undefined],
  ['POST', '/api/console/cases/1/claim', {}],
  ['POST', '/api/console/cases/1/messages', { text: 'ciao' }],
  ['POST', '/api/console/cases/1/notes', { text: 'nota' }],
  ['POST', '/api/console/cases/1/transfer', { to: 'marco' }],
  ['POST', '/api/console/cases/1/handback', {}],
  ['POST', '/api/console/cases/1/close', { outcome: 'resolved' }],
  ['GET', '/api/console/operators', undefined],
  ['GET', '/api/console/canned', undefined],
  ['PUT', '/api/console/canned/saluto', { title: 'x', text: 'y' }],
  ['DELETE', '/api/console/canned/saluto', undefined],
  ['GET', '/api/console/audit', undefined],
  ['GET', '/api/console/users', undefined],
  ['POST', '/api/console/users', { username: 'nuovo', password: 'password-nuovo', role: 'operator' }],
];

async function queueCase(text = 'operatore', conversationId = 'c1'): Promise<string> {
  await app.engine.handle(said(text, { conversationId }));
  const cases = await app.handoff.openCases();
  const c = cases.find((x) => x.ref.conversationId === conversationId);
  if (!c) throw new Error('not queued');
  return c.id;
}

describe('Console: authentication and authorisation', () => {
  it.each(ROUTES)('%s %s without a session answers 401 JSON', async (method, path, body) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it.each(ROUTES.filter(([, p]) => p.includes('audit') || p.includes('users')))(
    '%s %s as an operator answers 403',
    async (method, path, body) => {
      const giulia = await login(app.url, 'giulia');
      const res = await giulia.call(method, path, body);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    },
  );

  it('lets only editors and admins change canned responses', async () => {
    const giulia = await login(app.url, 'giulia');
    expect(
      (await giulia.call('PUT', '/api/console/canned/orari', { title: 'Orari', text: 'Lun-ven 8:30' }))
        .status,
    ).toBe(403);
    const elena = await login(app.url, 'elena');
    expect(
      (await elena.call('PUT', '/api/console/canned/orari', { title: 'Orari', text: 'Lun-ven 8:30' })).status,
    ).toBe(200);
    const list = (await (await giulia.call('GET', '/api/console/canned')).json()) as {
      canned: Array<{ id: string }>;
    };
    expect(list.canned.map((c) => c.id)).toContain('orari');
    expect(list.canned.map((c) => c.id)).toContain('saluto');
  });

  it('sets an HttpOnly SameSite=Strict session cookie and refuses a wrong password', async () => {
    const res = await fetch(`${app.url}/api/console/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'giulia', password: 'password-giulia' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sportello_console=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\//);
    expect(cookie).not.toContain('Secure'); // plain http in tests; Secure with an https PUBLIC_URL
    const wrong = await fetch(`${app.url}/api/console/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'giulia', password: 'nope-nope-nope' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('locks a username for 15 minutes after 5 failures from one address, even with the right password', async () => {
    const attempt = (password: string) =>
      fetch(`${app.url}/api/console/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'marco', password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt('wrong-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await attempt('password-marco');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toContain(
      'try again in 15',
    );
    // Other users are not affected.
    await expect(login(app.url, 'giulia')).resolves.toBeDefined();
    const audit = (await app.handoff.audit.recent()).filter((a: AuditEntry) => a.actor === 'marco');
    expect(audit.map((a) => a.action)).toEqual([...Array(5).fill('login-failed'), 'login-locked']);
  });

  it('with an https PUBLIC_URL refuses a login from the same host over plain http', async () => {
    await app.close();
    app = await startConsole({ config: { PUBLIC_URL: 'https://sportello.comune.example' } });
    const host = new URL(app.url).host;
    const from = (origin: string) =>
      fetch(`${app.url}/api/console/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ username: 'giulia', password: 'password-giulia' }),
      });
    expect((await from(`http://${host}`)).status).toBe(403);
    expect((await from('http://sportello.comune.example')).status).toBe(403);
    expect((await from('https://sportello.comune.example')).status).toBe(200);
    expect((await from(`https://${host}`)).status).toBe(200);
  });

  it('refuses state-changing requests without the CSRF token or from another origin', async () => {
    const id = await queueCase();
    const giulia = await login(app.url, 'giulia');
    const noToken = await fetch(`${app.url}/api/console/cases/${id}/claim`, {
      method: 'POST',
      headers: { Cookie: giulia.cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('csrf');
    const wrongToken = await giulia.call(
      'POST',
      `/api/console/cases/${id}/claim`,
      {},
      { 'X-CSRF-Token': 'forged' },
    );
    expect(wrongToken.status).toBe(403);
    const foreign = await giulia.call(
      'POST',
      `/api/console/cases/${id}/claim`,
      {},
      { Origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect((await app.handoff.openCases())[0]?.status).toBe('queued');
  });

  it('ends the session on logout', async () => {
    const giulia = await login(app.url, 'giulia');
    expect((await giulia.call('POST', '/api/console/logout', {})).status).toBe(200);
    expect((await giulia.call('GET', '/api/console/queue')).status).toBe(401);
  });

  it('serves the page in Italian under a CSP without inline scripts', async () => {
    const res = await fetch(`${app.url}/console`);
    const html = await res.text();
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('<script src="/console/app.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect((await fetch(`${app.url}/console/app.js`)).headers.get('content-type')).toContain('javascript');
  });
});

describe('Console: handling a conversation', () => {
  it('shows the queue oldest first with waiting time, channel and language', async () => {
    await queueCase('operatore', 'first');
    await app.engine.handle(said('operator', { channel: 'telegram', conversationId: 'second' }));
    const giulia = await login(app.url, 'giulia');
    const { cases } = (await (await giulia.call('GET', '/api/console/queue')).json()) as {
      cases: Array<{ channel: string; lang: string; position: number; waitingSeconds: number }>;
    };
    expect(cases.map((c) => [c.channel, c.position])).toEqual([
      ['webchat', 1],
      ['telegram', 2],
    ]);
    expect(cases[0]?.lang).toBe('it');
    expect(typeof cases[0]?.waitingSeconds).toBe('number');
  });

  it('gives a case to exactly one of two operators claiming at once', async () => {
    const id = await queueCase();
    const [giulia, marco] = await Promise.all([login(app.url, 'giulia'), login(app.url, 'marco')]);
    const results = await Promise.all([
      giulia.call('POST', `/api/console/cases/${id}/claim`, {}),
      marco.call('POST', `/api/console/cases/${id}/claim`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('shows the transcript, form data and audit, and relays the reply to the citizen', async () => {
    await app.engine.handle(said('ciao'));
    const id = await queueCase('voglio parlare con una persona');
    const giulia = await login(app.url, 'giulia');
    expect((await giulia.call('POST', `/api/console/cases/${id}/claim`, {})).status).toBe(200);
    await app.engine.handle(said('<img src=x onerror=alert(1)>'));
    const detail = (await (await giulia.call('GET', `/api/console/cases/${id}`)).json()) as {
      transcript: Array<{ dir: string; text?: string }>;
      mine: boolean;
    };
    expect(detail.mine).toBe(true);
    expect(detail.transcript.filter((e) => e.dir === 'in').map((e) => e.text)).toEqual([
      'ciao',
      'voglio parlare con una persona',
      '<img src=x onerror=alert(1)>',
    ]);
    expect(
      (await giulia.call('POST', `/api/console/cases/${id}/messages`, { text: 'Buongiorno!' })).status,
    ).toBe(201);
    expect(app.channels.webchat?.textsTo('c1')).toContain('Buongiorno!');
    expect((await giulia.call('POST', `/api/console/cases/${id}/notes`, { text: 'Richiamare' })).status).toBe(
      201,
    );
    const marco = await login(app.url, 'marco');
    expect((await marco.call('POST', `/api/console/cases/${id}/messages`, { text: 'io' })).status).toBe(409);
    expect((await giulia.call('POST', `/api/console/cases/${id}/close`, { outcome: 'bogus' })).status).toBe(
      400,
    );
    expect(
      (await giulia.call('POST', `/api/console/cases/${id}/close`, { outcome: 'resolved' })).status,
    ).toBe(200);
    const admin = await login(app.url, 'admin');
    const { entries } = (await (await admin.call('GET', `/api/console/audit?caseId=${id}`)).json()) as {
      entries: AuditEntry[];
    };
    expect(entries.map((e) => `${e.actor}:${e.action}`)).toEqual([
      'giulia:claim',
      'giulia:read',
      'giulia:message',
      'giulia:note',
      'giulia:close',
    ]);
  });

  it('answers 404 JSON for an unknown case', async () => {
    const giulia = await login(app.url, 'giulia');
    const res = await giulia.call('GET', '/api/console/cases/999');
    expect(res.status).toBe(404);
  });
});

describe('Console: WebSocket', () => {
  const wsUrl = () => `${app.url.replace('http', 'ws')}/console/ws`;

  function open(client: Client | undefined, origin = app.url): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl(), {
        headers: { ...(client ? { Cookie: client.cookie } : {}), Origin: origin },
      });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
      ws.once('error', reject);
    });
  }

  function next(ws: WebSocket, type: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const onMessage = (data: unknown) => {
        const msg = JSON.parse(String(data)) as Record<string, unknown>;
        if (msg.type !== type) return;
        ws.off('message', onMessage);
        resolve(msg);
      };
      ws.on('message', onMessage);
    });
  }

  it('refuses an upgrade without a session (401) or from another origin (403)', async () => {
    await expect(open(undefined)).rejects.toThrow('401');
    const giulia = await login(app.url, 'giulia');
    await expect(open(giulia, 'https://evil.example')).rejects.toThrow('403');
  });

  it('pushes the citizen’s messages live and delivers the operator’s', async () => {
    const id = await queueCase();
    const giulia = await login(app.url, 'giulia');
    const ws = await open(giulia);
    const queued = next(ws, 'queue');
    await giulia.call('POST', `/api/console/cases/${id}/claim`, {});
    expect(await queued).toMatchObject({ change: { caseId: id, type: 'claimed' } });
    const live = next(ws, 'entries');
    await app.engine.handle(said('Sono ancora qui'));
    expect(await live).toMatchObject({ caseId: id, entries: [{ dir: 'in', text: 'Sono ancora qui' }] });
    const echoed = next(ws, 'entries');
    ws.send(JSON.stringify({ type: 'message', caseId: id, text: 'Arrivo subito' }));
    expect(await echoed).toMatchObject({
      entries: [{ dir: 'out', reply: { text: 'Arrivo subito' }, meta: { operator: 'giulia' } }],
    });
    expect(app.channels.webchat?.textsTo('c1')).toContain('Arrivo subito');
    ws.close();
  });
});
