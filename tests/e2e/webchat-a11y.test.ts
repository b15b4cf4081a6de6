import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';

/**
 * The web chat page in Bootstrap Italia's look, in real headless Chromium, as citizens with disabilities use
 * it: axe-core finds no serious or critical violation on a desktop nor on a phone; a keyboard alone reaches the
 * send box, sends a message and presses a suggested action; at 200% zoom nothing scrolls sideways and the send
 * box and its button stay on screen; the footer links the accessibility statement; a comune colour too light
 * for white text is darkened until the page passes.
 */

jest.setTimeout(120_000);

const MENU = /^(Domande frequenti|Avvia una pratica|Parla con un operatore)$/;

describeInChromium('web chat page accessibility', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({
      OFFICE_HOURS: 'always',
      ACCESSIBILITY_URL: 'https://form.agid.gov.it/view/esempio',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** Opens the chat and waits for the greeting's menu, so axe sees the transcript and the buttons. */
  async function openGreeted(page: Page) {
    const web = await openWebChat(page, testApp.base);
    await web.chat.getByRole('toolbar', { name: 'Azioni suggerite' }).getByRole('button').first().waitFor();
    return web;
  }

  it.each([
    ['desktop', { viewport: { width: 1280, height: 800 } }],
    [
      'phone',
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    ],
  ])(
    'has no serious or critical axe violation on a %s, with the statement in the footer',
    async (_, device) => {
      const page = await browser.newPage(device);
      await openGreeted(page);
      expect(await seriousViolations(page)).toEqual([]);
      const footer = page.getByRole('contentinfo');
      expect(
        await footer.getByRole('link', { name: 'Dichiarazione di accessibilità' }).getAttribute('href'),
      ).toBe('https://form.agid.gov.it/view/esempio');
      expect(await footer.getByRole('link', { name: 'Informativa privacy' }).getAttribute('href')).toBe(
        'https://www.comune.esempio.it/privacy',
      );
      await page.close();
    },
  );

  it('stays readable in a comune colour too light for white text, darkened to AA', async () => {
    const yellow = await startTestApp({ OFFICE_HOURS: 'always', CITY_COLOR: '#ffcc00' });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const { chat } = await openWebChat(page, yellow.base);
      await chat.getByRole('toolbar', { name: 'Azioni suggerite' }).getByRole('button').first().waitFor();
      const color = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--city-color').trim(),
      );
      expect(color).not.toBe('#ffcc00');
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    } finally {
      await yellow.close();
    }
  });

  it('works with the keyboard alone: skip link, send box, send, a suggested action', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const { chat } = await openGreeted(page);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          tag: el?.tagName.toLowerCase() ?? '',
          label: el?.getAttribute('aria-label') ?? '',
          text: el?.textContent?.trim() ?? '',
          inToolbar: Boolean(el?.closest('[role="toolbar"]')),
        };
      });

    // The first Tab lands on the skip link; Enter on it takes focus to the chat.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'a', text: 'Vai alla chat' });
    await page.keyboard.press('Enter');

    // Tab on until the send box.
    let steps = 0;
    while ((await focused()).label !== 'Casella di input messaggio' && steps++ < 30)
      await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ label: 'Casella di input messaggio' });
    await page.keyboard.type('menu');
    await page.keyboard.press('Enter');
    await chat.getByText('menu', { exact: true }).first().waitFor();
    await chat.getByText('Come posso aiutarti?').nth(1).waitFor();

    // Back (Shift+Tab) from the send box to the menu's buttons, and press one with Enter (once Web Chat has
    // drawn them: they can come a moment after the text).
    await chat.getByRole('toolbar', { name: 'Azioni suggerite' }).getByRole('button').first().waitFor();
    steps = 0;
    while (!(await focused()).inToolbar && steps++ < 10) await page.keyboard.press('Shift+Tab');
    const action = await focused();
    expect(action).toMatchObject({ tag: 'button', inToolbar: true });
    expect(action.text).toMatch(MENU);
    const before = await chat.locator('.webchat__bubble').count();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#webchat .webchat__bubble').length > n,
      before,
    );
    await page.close();
  });

  it('at 200% zoom (640×400 CSS pixels) scrolls no way but down and keeps the send box on screen', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const { chat } = await openGreeted(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const sendBox = chat.getByRole('textbox', { name: 'Casella di input messaggio' });
    const send = chat.getByRole('button', { name: 'Invia' });
    for (const control of [sendBox, send]) {
      await control.scrollIntoViewIfNeeded();
      const box = await control.boundingBox();
      expect(box).not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(640);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(400);
    }
    // The chat keeps a usable height rather than being squeezed between header and footer.
    const main = await chat.boundingBox();
    expect(main?.height ?? 0).toBeGreaterThanOrEqual(300);
    await page.close();
  });
});
