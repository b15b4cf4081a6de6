import type { Browser } from 'playwright-core';
import { UserStore } from '../../src/console/users';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';
import { consoleLogin } from '../http/app-harness';

/**
 * An operator in the citizen's web chat, in real headless Chromium: their message shows their name and an
 * avatar of their own, unlike the bot's, also after a reload (from the transcript).
 */

jest.setTimeout(90_000);

describeInChromium('operator messages in the web chat', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ OFFICE_HOURS: 'always' });
    const users = new UserStore(testApp.app.storage, 4);
    await users.create({
      username: 'giulia',
      password: 'password-giulia',
      role: 'operator',
      name: 'Giulia Rossi',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('shows the operator’s name and a distinct avatar, the bot keeping its own', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    const { chat, say } = await openWebChat(page, testApp.base);
    await chat
      .getByText(/Sono lo sportello digitale/)
      .first()
      .waitFor();
    await say('operatore');
    await chat
      .getByText(/Ho inoltrato la tua richiesta/)
      .first()
      .waitFor();

    const { cookie, csrf } = await consoleLogin(testApp.base, 'giulia');
    const headers = { cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' };
    const queue = (await (await fetch(`${testApp.base}/api/console/queue`, { headers })).json()) as {
      cases: Array<{ id: string }>;
    };
    const caseId = queue.cases[0]?.id ?? '';
    const api = (path: string, body: unknown = {}) =>
      fetch(`${testApp.base}/api/console/cases/${caseId}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
    expect((await api('/claim')).status).toBe(200);
    expect((await api('/messages', { text: 'Buongiorno, sono qui per aiutarla.' })).ok).toBe(true);

    const check = async () => {
      const bubble = chat.locator('.webchat__bubble', { hasText: 'Buongiorno, sono qui per aiutarla.' });
      await bubble.waitFor();
      // Signed with the name.
      await expect(bubble.textContent()).resolves.toContain(
        'Giulia Rossi (operatore): Buongiorno, sono qui per aiutarla.',
      );
      const avatar = chat.locator('.operator-avatar').first();
      await expect(avatar.textContent()).resolves.toBe('GR');
      const bot = chat.locator('.webchat__initialsAvatar').first();
      await expect(bot.textContent()).resolves.toBe('SD');
      const colour = (l: typeof avatar) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(await colour(avatar)).not.toBe(await colour(bot));
      // One operator avatar (their messages share it); no bot message carries the operator's name.
      expect(await chat.locator('.operator-avatar').count()).toBe(1);
      expect(await chat.locator('.webchat__bubble', { hasText: 'Giulia Rossi (operatore)' }).count()).toBe(1);
    };
    await check();
    await page.reload();
    await check();
    expect(problems).toEqual([]);
  });
});
