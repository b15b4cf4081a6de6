import type { Browser, Locator } from 'playwright-core';
import { conversationKey } from '../../src/engine/conversation-state';
import { type TranscriptEntry, transcriptStream } from '../../src/engine/transcript';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';

/**
 * The web chat greets on open, in real headless Chromium: the welcome, the privacy notice and the menu's
 * three buttons appear before the citizen types anything, once per conversation (not again on reload); the
 * header says the assistant answers every day and people in the office's hours.
 */

jest.setTimeout(90_000);

const WELCOME = /Sono lo sportello digitale del Comune di Esempio/;
const MENU = ['Domande frequenti', 'Avvia una pratica', 'Parla con un operatore'];
/** How many welcome bubbles the chat shows (Web Chat also keeps a hidden label of the focused one). */
const bubbles = (chat: Locator) => chat.locator('p', { hasText: WELCOME }).count();

describeInChromium('web chat greeting on open', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ OFFICE_HOURS: 'mon-fri 08:30-12:30; tue,thu 14:30-17:00' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('shows the welcome with the three actions without typing, and a reload does not repeat it', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await page.goto(testApp.base);

    const header = page.locator('header.top');
    await expect(header.textContent()).resolves.toContain('L’assistente digitale risponde 7 giorni su 7');
    await expect(header.textContent()).resolves.toContain(
      'Gli operatori rispondono dal lunedì al venerdì 08:30–12:30; martedì e giovedì 14:30–17:00',
    );

    const chat = page.getByRole('main', { name: /Chat con lo sportello digitale/ });
    await chat.getByText(WELCOME).first().waitFor();
    await chat
      .getByText(/Leggi l’informativa privacy/)
      .first()
      .waitFor();
    const actions = chat.getByRole('toolbar', { name: 'Azioni suggerite' });
    for (const label of MENU) await actions.getByRole('button', { name: label }).waitFor();
    expect(await bubbles(chat)).toBe(1);

    const stored = await page.evaluate(() => localStorage.getItem('sportello.webchat'));
    const { conversationId = '' } = JSON.parse(stored ?? '{}') as { conversationId?: string };
    const transcript = () =>
      testApp.app.storage.read<TranscriptEntry>(
        transcriptStream(conversationKey({ channel: 'webchat', conversationId })),
      );
    // Nothing of the citizen is recorded: only the bot's three lines.
    expect((await transcript()).map((e) => e.value.dir)).toEqual(['out', 'out', 'out']);

    await page.reload();
    const again = page.getByRole('main', { name: /Chat con lo sportello digitale/ });
    await again.getByText(WELCOME).first().waitFor();
    await page.locator('#webchat-status').waitFor({ state: 'hidden' });
    // Give a second greeting every chance to arrive before counting.
    await page.waitForTimeout(1500);
    expect(await bubbles(again)).toBe(1);
    expect(await transcript()).toHaveLength(3);

    // The citizen goes on from the greeting's buttons.
    await again
      .getByRole('toolbar', { name: 'Azioni suggerite' })
      .getByRole('button', { name: 'Domande frequenti' })
      .click();
    await again
      .getByText(/Scrivi pure la tua domanda/)
      .first()
      .waitFor();
    expect(await bubbles(again)).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
