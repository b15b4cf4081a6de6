import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { type App, createApp } from '../../src/app';
import { signBody } from '../../src/channels/whatsapp-cloud/signature';
import { loadConfig } from '../../src/config';
import { UserStore } from '../../src/console/users';
import { FakeBotApi } from '../channels/telegram/fake-bot-api';
import { FakeGraphApi } from '../channels/whatsapp-cloud/fake-graph-api';

/** Secrets of the harness app, so tests can sign and authenticate like the real senders. */
export const SECRETS = {
  telegramToken: '123456:TEST-token_abc',
  telegramWebhookSecret: 'telegram-webhook-secret-0123456789',
  whatsappAppSecret: 'whatsapp-app-secret-0123456789',
  whatsappVerifyToken: 'whatsapp-verify-token',
  whatsappPhoneNumberId: '106540352242922',
  backofficeKey: 'backoffice-key-0123456789abcdef',
  metricsToken: 'metrics-token-0123456789abcdef',
  directLineSecret: 'directline-secret-0123456789abcdef',
} as const;

/** Console users of the harness app: one per role, password `password-<username>`. */
export const USERS = { operator: 'giulia', editor: 'elena', admin: 'anna' } as const;

/** A whole Sportello (the composition root), on a random port, with every HTTP channel enabled. */
export interface AppHarness {
  app: App;
  url: string;
  telegram: FakeBotApi;
  graph: FakeGraphApi;
  /** Posts JSON (or raw text) to a path; resolves status, headers and body text. */
  post(
    pathname: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; text: string }>;
  /** Signs a WhatsApp Cloud webhook body like Meta does. */
  signWhatsApp(raw: string): string;
  close(): Promise<void>;
}

/**
 * Starts Sportello from `createApp(loadConfig(…))` on a temporary SQLite database, with Telegram in webhook
 * mode against a local fake Bot API, WhatsApp Cloud against a local fake Graph API, the back office, the
 * Direct Line secret and the metrics token set, and three console users. `env` overrides any variable;
 * `options.logger` receives the app's log lines (silent otherwise); `options.prepare` sets up the fakes before
 * the app starts.
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { logger?: Logger; prepare?: (fakes: { telegram: FakeBotApi }) => void } = {},
): Promise<AppHarness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-app-'));
  // Copies: the console's editor writes to the knowledge base, and tests must never change the repository's.
  const root = path.resolve(__dirname, '../..');
  cpSync(path.join(root, 'knowledge'), path.join(dir, 'knowledge'), { recursive: true });
  cpSync(path.join(root, 'dialogs'), path.join(dir, 'dialogs'), { recursive: true });
  const telegram = new FakeBotApi(SECRETS.telegramToken);
  const telegramRoot = await telegram.start();
  const graph = await new FakeGraphApi().start();
  options.prepare?.({ telegram });
  const app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dir}/db.sqlite`,
      LOG_LEVEL: 'silent',
      KB_WATCH: 'false',
      KB_DIR: path.join(dir, 'knowledge'),
      DIALOGS_DIR: path.join(dir, 'dialogs'),
      OFFICE_HOURS: 'always',
      DIRECTLINE_SECRET: SECRETS.directLineSecret,
      BACKOFFICE_API_KEY: SECRETS.backofficeKey,
      METRICS_TOKEN: SECRETS.metricsToken,
      TELEGRAM_BOT_TOKEN: SECRETS.telegramToken,
      TELEGRAM_WEBHOOK_URL: 'https://example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRETS.telegramWebhookSecret,
      TELEGRAM_API_ROOT: telegramRoot,
      WHATSAPP_CLOUD_TOKEN: 'cloud-token',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: SECRETS.whatsappPhoneNumberId,
      WHATSAPP_CLOUD_APP_SECRET: SECRETS.whatsappAppSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: SECRETS.whatsappVerifyToken,
      WHATSAPP_CLOUD_API_ROOT: graph.root,
      ...env,
    }),
    ...(options.logger ? [options.logger] : []),
  );
  const users = new UserStore(app.storage, 4);
  for (const [role, username] of Object.entries(USERS))
    await users.create({
      username,
      password: `password-${username}`,
      role: role as 'operator' | 'editor' | 'admin',
      name: username,
    });
  const url = await app.listen();
  return {
    app,
    url,
    telegram,
    graph,
    async post(pathname, body, headers = {}) {
      const res = await fetch(`${url}${pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body:
          typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    signWhatsApp: (raw) => signBody(raw, SECRETS.whatsappAppSecret),
    async close() {
      (app.server.server as http.Server).closeAllConnections(); // fetch keeps connections alive
      await app.close();
      await telegram.close();
      await graph.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs a console user in; resolves the cookie and CSRF token to send. */
export async function consoleLogin(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/console/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: `password-${username}` }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}
