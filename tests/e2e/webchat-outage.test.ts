import type { Browser } from 'playwright-core';
import { type TranscriptEntry, transcriptStream } from '../../src/engine/transcript';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * The line between the citizen's browser and Sportello goes down (a TCP proxy in between is cut, as when the
 * server restarts or the phone loses the network) and comes back: the page says so, in Italian or English, and
 * what the citizen typed meanwhile is delivered once, with its answer.
 */

jest.setTimeout(120_000);

describeInChromium('web chat during an outage', () => {
  let testApp: TestApp;
  let proxy: TcpProxy;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    proxy = new TcpProxy('127.0.0.1', Number(new URL(testApp.base).port));
    base = `http://127.0.0.1:${await proxy.start()}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await testApp?.close();
  });

  it('shows the line lost and back, and delivers what was typed meanwhile exactly once', async () => {
    const italian = await (await browser.newContext({ locale: 'it-IT' })).newPage();
    const english = await (await browser.newContext({ locale: 'en-US' })).newPage();
    const problems: string[] = [];
    for (const page of [italian, english]) page.on('pageerror', (err) => problems.push(err.message));
    const { chat, say } = await openWebChat(italian, base);
    await openWebChat(english, base);
    await say('ciao');
    await chat.getByText('Come posso aiutarti?').first().waitFor();
    const status = italian.locator('#webchat-status');

    await proxy.cut();
    await status.getByText(/Connessione persa: sto riprovando/).waitFor();
    await english
      .locator('#webchat-status')
      .getByText(/Connection lost: trying again/)
      .waitFor();

    // The citizen writes while the line is down: the message waits, it is not given up.
    await say('orari anagrafe');
    await italian.waitForTimeout(3000);
    expect(await chat.getByText(/Invio non riuscito/).count()).toBe(0);

    await proxy.restore();
    // Delivered, answered, and the status line says the line is back, then clears.
    await chat
      .getByText(/Ufficio anagrafe/i)
      .first()
      .waitFor({ timeout: 60_000 });
    await status.waitFor({ state: 'hidden', timeout: 60_000 });
    expect(await chat.getByText(/Invio non riuscito/).count()).toBe(0);

    const conversationId = JSON.parse(
      (await italian.evaluate(() => localStorage.getItem('sportello.webchat'))) ?? '{}',
    ).conversationId;
    const entries = await testApp.app.storage.read<TranscriptEntry>(
      transcriptStream(`webchat:${conversationId}`),
    );
    const typed = entries.filter((e) => e.value.dir === 'in' && e.value.text === 'orari anagrafe');
    expect(typed).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('offers a correctly worded retry when a message is refused', async () => {
    const page = await (await browser.newContext({ locale: 'it-IT' })).newPage();
    const { chat, say } = await openWebChat(page, base);
    // The server refuses the next message for what it is (a 4xx): no automatic retry, Web Chat's link.
    await page.route(/\/activities$/, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":{}}' })
        : route.continue(),
    );
    await say('ciao');
    const failed = chat.locator('.webchat__activity-status', { hasText: 'Invio non riuscito' }).first();
    await failed.waitFor();
    expect(await failed.textContent()).toBe('Invio non riuscito. Riprova.');
    await chat.getByRole('button', { name: 'Riprova' }).waitFor();
  });
});
