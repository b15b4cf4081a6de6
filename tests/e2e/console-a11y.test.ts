import type { Browser } from 'playwright-core';
import { UserStore } from '../../src/console/users';
import { seriousViolations } from '../helpers/axe';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';
import { openConversation } from '../http/directline-client';

/**
 * The console's pages in real headless Chromium: before login they load without a single console error or
 * failed request, and axe-core finds no serious or critical violation on the login page nor, once signed in
 * (with a case in the queue and an unanswered question, so every kind of row is drawn), on any of them; the
 * footer links the accessibility statement.
 */

jest.setTimeout(120_000);

const PAGES = ['/console', '/console/editor', '/console/analytics', '/console/whatsapp'];
describeInChromium('console pages: no errors before login, no serious axe violations', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ OFFICE_HOURS: 'always' });
    const users = new UserStore(testApp.app.storage, 4);
    await users.create({ username: 'anna', password: 'password-anna', role: 'admin', name: 'Anna' });
    // A question the knowledge base cannot answer (the editor lists it) and a citizen waiting in the queue.
    const citizen = await openConversation(testApp.base);
    await citizen.say('quanto costa un biglietto per la luna con il razzo comunale');
    await citizen.say('operatore');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it.each(PAGES)('%s loads before login without a console error or a failed request', async (path) => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
    page.on('pageerror', (err) => problems.push(`page: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`failed: ${req.url()}`));
    page.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()}: ${res.url()}`));
    await page.goto(`${testApp.base}${path}`);
    if (path === '/console') await page.getByLabel('Nome utente').waitFor();
    else await page.getByText('Accedi prima dalla console.').waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds no serious or critical axe violation on any console page once signed in', async () => {
    const page = await browser.newPage();
    await page.goto(`${testApp.base}/console`);
    await page.getByLabel('Nome utente').waitFor();
    const login = await seriousViolations(page);
    expect(
      await page
        .getByRole('contentinfo')
        .getByRole('link', { name: 'Dichiarazione di accessibilità' })
        .getAttribute('href'),
    ).toBe('https://www.comune.esempio.it/dichiarazione-accessibilita');
    await page.getByLabel('Nome utente').fill('anna');
    await page.getByLabel('Password').fill('password-anna');
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.locator('#queue button').first().waitFor();
    const found: Record<string, string[]> = { '/console': await seriousViolations(page) };

    await page.goto(`${testApp.base}/console/editor`);
    // Every kind of row: entries with their status badges and the unanswered question's "Crea bozza" button.
    await page.locator('#entries button .badge').first().waitFor();
    await page.locator('#unanswered button', { hasText: 'Crea bozza' }).first().waitFor();
    found['/console/editor'] = await seriousViolations(page);

    for (const path of ['/console/analytics', '/console/whatsapp']) {
      await page.goto(`${testApp.base}${path}`);
      await page.locator('#room').waitFor();
      await page.waitForLoadState('networkidle');
      found[path] = await seriousViolations(page);
    }
    expect({ login, ...found }).toEqual({
      login: [],
      '/console': [],
      '/console/editor': [],
      '/console/analytics': [],
      '/console/whatsapp': [],
    });
    await page.close();
  });
});
