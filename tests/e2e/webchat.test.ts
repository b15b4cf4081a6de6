import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';

/**
 * End to end in real headless Chromium: the whole app (SQLite in a temp dir), the page at `/`, the official
 * Web Chat bundle and the Direct Line WebSocket stream.
 */

jest.setTimeout(90_000);

describeInChromium('web chat in headless Chromium', () => {
  let testApp: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ PRIVACY_URL: 'https://www.comune.esempio.it/privacy' });
    base = testApp.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('greets, offers the menu as buttons, follows a pressed button, and keeps the history on reload', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });

    await page.goto(base);
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    expect(await page.title()).toBe('Sportello digitale — Comune di Esempio');
    await page.getByRole('heading', { level: 1, name: 'Sportello digitale — Comune di Esempio' }).waitFor();
    expect(await page.getByRole('link', { name: 'Informativa privacy' }).getAttribute('href')).toBe(
      'https://www.comune.esempio.it/privacy',
    );
    const chat = page.getByRole('main', { name: /Chat con lo sportello digitale/ });

    // The status line says when the chat is connected (Web Chat ignores Enter before): it goes away.
    await page.locator('#webchat-status').waitFor({ state: 'hidden' });

    // Web Chat in Italian: its send box is labelled in Italian.
    const sendBox = chat.getByRole('textbox', { name: 'Casella di input messaggio' });
    await sendBox.fill('ciao');
    await sendBox.press('Enter');

    await chat
      .getByText(/Sono lo sportello digitale del Comune di Esempio/)
      .first()
      .waitFor();
    expect(
      await chat
        .getByRole('link', { name: /informativa/ })
        .first()
        .getAttribute('href'),
    ).toBe('https://www.comune.esempio.it/privacy');
    await chat.getByText('Come posso aiutarti?').first().waitFor();

    // The menu is Web Chat suggested actions; pressing one runs the FAQ flow.
    await chat
      .getByRole('toolbar', { name: 'Azioni suggerite' })
      .getByRole('button', { name: 'Domande frequenti' })
      .click();
    await chat
      .getByText(/Scrivi pure la tua domanda/)
      .first()
      .waitFor();

    const stored = await page.evaluate(() => localStorage.getItem('sportello.webchat'));
    const { conversationId } = JSON.parse(stored ?? '{}') as { conversationId?: string };
    expect(conversationId).toMatch(/^[A-Za-z0-9_-]+$/);

    // Reload: same conversation, earlier messages still there.
    await page.reload();
    const again = page.getByRole('main', { name: /Chat con lo sportello digitale/ });
    await again
      .getByText(/Scrivi pure la tua domanda/)
      .first()
      .waitFor();
    await again
      .getByText(/Sono lo sportello digitale del Comune di Esempio/)
      .first()
      .waitFor();
    await again.getByText('ciao', { exact: true }).first().waitFor();
    const after = JSON.parse((await page.evaluate(() => localStorage.getItem('sportello.webchat'))) ?? '{}');
    expect(after.conversationId).toBe(conversationId);

    // And the conversation goes on after the reload.
    const box = again.getByRole('textbox', { name: 'Casella di input messaggio' });
    await box.fill('menu');
    await box.press('Enter');
    await again.getByText('Come posso aiutarti?').nth(1).waitFor();

    expect(problems).toEqual([]);
    await page.close();
  });

  it('says it is connecting while Direct Line has not answered yet, and clears that once connected', async () => {
    // An Italian citizen's browser: the status line speaks the browser's language (English for English).
    const page = await browser.newPage({ locale: 'it-IT' });
    // Direct Line answers slowly, as on a busy server or a poor mobile connection.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      asked = resolve;
    });
    await page.route(/\/v3\/directline\/conversations\/[^/]+\?/, async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await page.goto(base);
    const status = page.getByRole('status').filter({ hasText: 'Connessione in corso…' });
    await reached;
    await status.waitFor();
    release();
    await status.waitFor({ state: 'hidden' });
    await page.close();
  });
});
