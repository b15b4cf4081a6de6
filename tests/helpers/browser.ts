import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';

/** Debian's Chromium, which the browser tests drive (no browser is ever downloaded). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` when Chromium is installed; otherwise `describe.skip` with a printed reason, so a machine without
 * it skips the browser tests loudly (CI installs it).
 */
export function describeInChromium(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, fn);
    return;
  }
  console.warn(`Skipping "${name}": ${CHROMIUM} is not installed (apt-get install -y chromium).`);
  describe.skip(name, fn);
}

/** Launches headless Chromium with the flags this machine needs (no sandbox as root, no background calls). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The Web Chat page as a citizen uses it: the chat region and a way to send a message. */
export interface WebChatPage {
  chat: Locator;
  say(text: string): Promise<void>;
}

/**
 * Opens the Web Chat page at `url` and waits until its status line no longer says it is connecting: Web Chat
 * ignores Enter until it is connected, as a citizen typing too early would notice.
 */
export async function openWebChat(page: Page, url: string): Promise<WebChatPage> {
  await page.goto(url);
  await page.locator('#webchat-status').waitFor({ state: 'hidden' });
  const chat = page.getByRole('main', { name: /Chat con lo sportello digitale/ });
  const sendBox = chat.getByRole('textbox', { name: 'Casella di input messaggio' });
  return {
    chat,
    async say(text: string) {
      await sendBox.fill(text);
      await sendBox.press('Enter');
    },
  };
}

/** A whole Sportello in this process on a temporary SQLite database, listening on a free port. */
export interface TestApp {
  app: App;
  base: string;
  close(): Promise<void>;
}

/** Composes and starts the app like `npm start` does, with `env` on top of quiet test defaults. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-e2e-'));
  const app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dir}/db.sqlite`,
      LOG_LEVEL: 'silent',
      KB_WATCH: 'false',
      CITY_NAME: 'Comune di Esempio',
      ...env,
    }),
  );
  const base = await app.listen();
  return {
    app,
    base,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
