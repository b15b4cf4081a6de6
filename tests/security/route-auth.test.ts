import { type AppHarness, consoleLogin, SECRETS, startApp, USERS } from '../http/app-harness';
import {
  CONSOLE_ROLES,
  CREDENTIAL_ROUTES,
  concrete,
  isBackoffice,
  isConsoleApi,
  key,
  PUBLIC_ROUTES,
  type RouteInfo,
  registeredRoutes,
} from './route-table';

/**
 * Enumerates every route the composed app registers and checks each against its class: public (allow-list),
 * own credential (channel webhooks, Direct Line, metrics), console (session + role) or back office (API key).
 * A new route that is in none of these fails here until someone decides how it is protected.
 */
describe('every HTTP route is authenticated unless allow-listed', () => {
  let h: AppHarness;
  let routes: RouteInfo[];
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  beforeAll(async () => {
    h = await startApp();
    routes = registeredRoutes(h.app.server);
    for (const [role, username] of Object.entries(USERS))
      sessions[role] = await consoleLogin(h.url, username);
  });
  afterAll(async () => {
    await h?.close();
  });

  const call = async (route: RouteInfo, headers: Record<string, string> = {}) => {
    const res = await fetch(`${h.url}${concrete(route.path)}`, {
      method: route.method,
      headers: { ...(route.method === 'GET' ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '{}' }),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as { error?: { code: string } } };
  };

  it('finds the routes of every room', () => {
    const all = routes.map(key);
    for (const expected of [
      'GET /api/console/queue',
      'GET /api/backoffice/tickets',
      'POST /v3/directline/conversations/:id/activities',
      'POST /telegram/webhook',
      'POST /whatsapp/webhook',
      'POST /api/messages',
      'GET /metrics',
    ])
      expect(all).toContain(expected);
  });

  it('classifies every registered route (public, own credential, console role or back office)', () => {
    const unclassified = routes
      .filter(
        (r) =>
          !PUBLIC_ROUTES.has(key(r)) &&
          !CREDENTIAL_ROUTES.has(key(r)) &&
          !CONSOLE_ROLES.has(key(r)) &&
          !isBackoffice(r),
      )
      .map(key);
    // A route listed here is reachable without any check we know of: add it to a table in route-table.ts.
    expect(unclassified).toEqual([]);
  });

  it('answers 401 with a JSON error on every console API route without a session', async () => {
    const failures: string[] = [];
    for (const route of routes.filter(isConsoleApi)) {
      for (const cookie of [undefined, 'sportello_console=forged-session-token']) {
        const res = await call(route, cookie ? { Cookie: cookie } : {});
        if (res.status !== 401 || res.json().error?.code !== 'unauthenticated')
          failures.push(`${key(route)} ${cookie ? 'forged cookie' : 'no cookie'}: ${res.status} ${res.text}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 on every editor and admin route to a lower role (even with a valid CSRF token)', async () => {
    const failures: string[] = [];
    const rank = { operator: 0, editor: 1, admin: 2 } as const;
    let checked = 0;
    for (const route of routes.filter(isConsoleApi)) {
      const needed = CONSOLE_ROLES.get(key(route));
      if (!needed) continue; // reported by the classification test
      for (const role of ['operator', 'editor'] as const) {
        if (rank[role] >= rank[needed]) continue;
        const s = sessions[role];
        if (!s) throw new Error(`no ${role} session`);
        const res = await call(route, { Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
        checked += 1;
        if (res.status !== 403 || res.json().error?.code !== 'forbidden')
          failures.push(`${key(route)} as ${role}: ${res.status} ${res.text}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(7);
  });

  it('lets the right role through on every console route (the checks are not blanket refusals)', async () => {
    const failures: string[] = [];
    // Logout last: it ends the session used for the others.
    const ordered = routes
      .filter(isConsoleApi)
      .sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    for (const route of ordered) {
      const s = sessions[CONSOLE_ROLES.get(key(route)) ?? 'admin'];
      if (!s) throw new Error('no session');
      const res = await call(route, { Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
      // 400/404/409 are fine (the fake ids and bodies are wrong); a 401/403 would mean the role check is wrong.
      if (res.status === 401 || res.status === 403 || res.status >= 500)
        failures.push(`${key(route)}: ${res.status} ${res.text}`);
    }
    expect(failures).toEqual([]);
    sessions.operator = await consoleLogin(h.url, USERS.operator);
  });

  it('refuses state-changing console calls without the CSRF token, even with a session', async () => {
    const s = sessions.admin;
    if (!s) throw new Error('no admin session');
    const failures: string[] = [];
    for (const route of routes.filter((r) => isConsoleApi(r) && r.method !== 'GET')) {
      const res = await call(route, { Cookie: s.cookie });
      if (res.status !== 403) failures.push(`${key(route)}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 on every back-office route without the API key, with a wrong key or a console session', async () => {
    const failures: string[] = [];
    const backoffice = routes.filter(isBackoffice);
    expect(backoffice.length).toBeGreaterThanOrEqual(4);
    const attempts: Array<[string, Record<string, string>]> = [
      ['no key', {}],
      ['wrong bearer', { Authorization: 'Bearer not-the-backoffice-key-000' }],
      ['wrong X-Api-Key', { 'X-Api-Key': `${SECRETS.backofficeKey}x` }],
      [
        'admin console session',
        { Cookie: sessions.admin?.cookie ?? '', 'X-CSRF-Token': sessions.admin?.csrf ?? '' },
      ],
    ];
    for (const route of backoffice)
      for (const [what, headers] of attempts) {
        const res = await call(route, headers);
        if (res.status !== 401 || res.json().error?.code !== 'unauthorized')
          failures.push(`${key(route)} ${what}: ${res.status} ${res.text}`);
      }
    expect(failures).toEqual([]);
    const ok = await call(
      { method: 'GET', path: '/api/backoffice/tickets' },
      {
        Authorization: `Bearer ${SECRETS.backofficeKey}`,
      },
    );
    expect(ok.status).toBe(200);
  });

  it('answers every public route without credentials and without a server error', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => PUBLIC_ROUTES.has(key(r)) && r.method === 'GET')) {
      const res = await call(route);
      if (res.status >= 400) failures.push(`${key(route)}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
