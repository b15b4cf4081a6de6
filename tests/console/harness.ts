import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { type ConsoleOptions, registerConsole } from '../../src/console';
import { UserStore } from '../../src/console/users';
import { createServer } from '../../src/http/server';
import { handoffEngine } from '../handoff/harness';

/**
 * A console on a real HTTP port, with the handoff engine, three users and recording channels. `options` may
 * give the storage, the WhatsApp Web status source (its page is off without one), the password hasher and
 * configuration (the login rate limits).
 */
export async function startConsole(
  options: Partial<Pick<ConsoleOptions, 'storage' | 'whatsApp' | 'now' | 'passwords'>> & {
    config?: Partial<ConsoleOptions['config']>;
  } = {},
) {
  const parts = handoffEngine(options.storage ? { storage: options.storage } : {});
  const server = createServer(pino({ level: 'silent' }));
  const operatorConsole = registerConsole(server, {
    ...parts,
    logger: pino({ level: 'silent' }),
    config: { CONSOLE_SESSION_TTL_MINUTES: 60, ...options.config },
    bcryptCost: 4,
    ...(options.passwords ? { passwords: options.passwords } : {}),
    ...(options.whatsApp ? { whatsApp: options.whatsApp } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  operatorConsole.attach(server.server as http.Server);
  const users = new UserStore(parts.storage, 4);
  await users.create({ username: 'giulia', password: 'password-giulia', role: 'operator', name: 'Giulia' });
  await users.create({ username: 'marco', password: 'password-marco', role: 'operator', name: 'Marco' });
  await users.create({ username: 'elena', password: 'password-elena', role: 'editor', name: 'Elena' });
  await users.create({ username: 'admin', password: 'password-admin', role: 'admin', name: 'Anna' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...parts,
    url,
    async close() {
      await operatorConsole.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server.server as http.Server).closeAllConnections(); // fetch keeps connections alive
      await closed;
    },
  };
}

/** A logged-in console client (cookie + CSRF token), like the page. */
export interface Client {
  cookie: string;
  csrf: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Logs in over HTTP and returns a client carrying the session. */
export async function login(
  url: string,
  username: string,
  password = `password-${username}`,
): Promise<Client> {
  const res = await fetch(`${url}/api/console/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    call: (method, path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method,
        headers: {
          Cookie: cookie,
          ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrfToken }),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}
