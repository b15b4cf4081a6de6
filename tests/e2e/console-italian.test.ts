import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app';
import { UserStore } from '../../src/console/users';
import { TicketStore } from '../../src/services/tickets/ticket-store';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';

/**
 * The console speaks Italian in real headless Chromium: the API keeps its values and English messages, the
 * pages show Italian (login errors, role names, ticket statuses, case outcomes).
 */

jest.setTimeout(120_000);

describeInChromium('console strings in Italian, in headless Chromium', () => {
  let testApp: TestApp;
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ OFFICE_HOURS: 'always' });
    app = testApp.app;
    base = testApp.base;
    const users = new UserStore(app.storage, 4);
    await users.create({ username: 'giulia', password: 'password-giulia', role: 'operator', name: 'Giulia' });
    await users.create({ username: 'anna', password: 'password-anna', role: 'admin', name: 'Anna' });
    // A ticket just received, as a citizen's confirmed form leaves it.
    await new TicketStore(app.storage, { cityCode: 'ESE', now: () => new Date(), webhook: false }).create({
      submissionId: 'italian-console-1',
      service: 'segnalazione',
      serviceTitle: { it: 'Segnalazione', en: 'Report' },
      fields: {},
      summary: [],
      attachments: [],
      ref: { channel: 'webchat', conversationId: 'c-it', userId: 'u-it' },
      lang: 'it',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function logIn(page: Page, username: string, password = `password-${username}`): Promise<void> {
    await page.goto(`${base}/console`);
    await page.getByLabel('Nome utente').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Entra' }).click();
  }

  it('says a wrong password in Italian and names the operator’s role in Italian', async () => {
    const page = await browser.newPage();
    await logIn(page, 'giulia', 'sbagliata');
    const error = page.locator('#login-error');
    await error.getByText('Nome utente o password non corretti.').waitFor();
    expect(await error.textContent()).not.toMatch(/Wrong|password\./);

    await page.getByLabel('Password').fill('password-giulia');
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.locator('#whoami').getByText('Giulia (operatore)').waitFor();
    expect(await page.locator('#whoami').textContent()).toBe('Giulia (operatore)');
  });

  it('shows ticket statuses and the admin’s role in Italian on the analytics page', async () => {
    const page = await browser.newPage();
    await logIn(page, 'anna');
    await page.locator('#whoami').getByText('Anna (amministratore)').waitFor();
    await page.goto(`${base}/console/analytics`);
    const tickets = page.locator('#ch-tickets');
    await tickets.locator('svg').waitFor();
    expect(await tickets.textContent()).toContain('ricevuta');
    expect(await tickets.textContent()).not.toContain('received');
    expect(await page.locator('#whoami').textContent()).toBe('Anna (amministratore)');
  });
});
