import '../helpers/dispose-symbols';
import type { Browser, BrowserContextOptions, Frame, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';
import { type HostSite, startHostSite } from '../helpers/host-site';

/**
 * The widget on a comune's site of another origin, in real Chromium, as citizens with disabilities use it:
 * axe-core finds no serious or critical violation on the host page with the launcher nor in the open panel;
 * the keyboard alone opens the panel, writes, presses a suggested action and closes it, the focus back on the
 * launcher; at 200% zoom the panel fits the window and its send box is on screen.
 */

jest.setTimeout(180_000);

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
/** A 1280×800 window at 200% zoom: 640×400 CSS pixels. */
const ZOOMED: BrowserContextOptions = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };
const LAUNCHER = 'Chatta con lo Sportello digitale';
const MENU = /^(Domande frequenti|Avvia una pratica|Parla con un operatore)$/;

describeInChromium('the widget’s accessibility on the comune’s site', () => {
  let testApp: TestApp;
  let browser: Browser;
  let site: HostSite;
  const sportello = () => testApp.base;

  beforeAll(async () => {
    site = await startHostSite(
      {
        '/': () => `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Home — Comune di Esempio</title></head>
<body><header><a href="/">Comune di Esempio</a></header>
<main><h1>Home</h1><p>Il sito del Comune.</p></main>
<script src="${sportello()}/widget.js" data-lang="it"></script>
</body></html>`,
      },
      sportello,
    );
    testApp = await startTestApp({ WIDGET_ALLOWED_ORIGINS: site.origin, OFFICE_HOURS: 'always' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await site?.close();
  });

  /** The chat's frame inside the panel, once the chat is connected. */
  async function chatFrame(tab: Page): Promise<Frame> {
    const locator = tab.frameLocator('iframe[title="Chat con lo Sportello digitale"]');
    await locator.locator('#webchat-status').waitFor({ state: 'hidden' });
    const frame = tab.frames().find((f) => f.url().startsWith(`${sportello()}/widget`));
    if (!frame) throw new Error('the panel has no chat frame');
    return frame;
  }

  /** The greeting's suggested actions are shown in the panel. */
  const greeted = (frame: Frame) =>
    frame.getByRole('toolbar', { name: 'Azioni suggerite' }).getByRole('button').first().waitFor();

  /** What has the focus in `where`: its tag, label, text and whether it is a suggested action. */
  const focused = (where: Page | Frame) =>
    where.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        tag: el?.tagName.toLowerCase() ?? '',
        label: el?.getAttribute('aria-label') ?? '',
        text: el?.textContent?.trim() ?? '',
        inToolbar: Boolean(el?.closest('[role="toolbar"]')),
      };
    });

  it('has no serious or critical axe violation on the host page nor in the open panel', async () => {
    const context = await browser.newContext(DESKTOP);
    const tab = await context.newPage();
    await tab.goto(`${site.origin}/`);
    await tab.getByRole('button', { name: LAUNCHER }).waitFor();
    expect(await seriousViolations(tab)).toEqual([]);

    await tab.getByRole('button', { name: LAUNCHER }).click();
    const frame = await chatFrame(tab);
    await greeted(frame);
    expect(await seriousViolations(tab)).toEqual([]);
    expect(await seriousViolations(frame)).toEqual([]);
    // Its heading, for screen readers only: a panel has no room for the page's header.
    const heading = frame.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).toBe('Sportello digitale — Comune di Esempio');
    expect((await heading.boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);
    await context.close();
  });

  it('works with the keyboard alone: open, write, press an action, Escape back to the launcher', async () => {
    const context = await browser.newContext(DESKTOP);
    const tab = await context.newPage();
    await tab.goto(`${site.origin}/`);

    let steps = 0;
    while ((await focused(tab)).label !== LAUNCHER && steps++ < 10) await tab.keyboard.press('Tab');
    expect(await focused(tab)).toMatchObject({ tag: 'button', label: LAUNCHER });
    await tab.keyboard.press('Enter');
    const frame = await chatFrame(tab);
    await frame.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'Casella di input messaggio',
    );

    await tab.keyboard.type('menu');
    await tab.keyboard.press('Enter');
    await frame.getByText('menu', { exact: true }).first().waitFor();
    await frame.getByText('Come posso aiutarti?').nth(1).waitFor();

    steps = 0;
    while (!(await focused(frame)).inToolbar && steps++ < 10) await tab.keyboard.press('Shift+Tab');
    const action = await focused(frame);
    expect(action).toMatchObject({ tag: 'button', inToolbar: true });
    expect(action.text).toMatch(MENU);
    const before = await frame.locator('.webchat__bubble').count();
    await tab.keyboard.press('Enter');
    await frame.waitForFunction(
      (n) => document.querySelectorAll('#webchat .webchat__bubble').length > n,
      before,
    );

    await tab.keyboard.press('Escape');
    await tab.getByRole('dialog', { name: 'Sportello digitale' }).waitFor({ state: 'hidden' });
    expect(await focused(tab)).toMatchObject({ tag: 'button', label: LAUNCHER });
    expect(await tab.getByRole('button', { name: LAUNCHER }).getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });

  it('at 200% zoom (640×400 CSS pixels) fits the panel in the window with its send box on screen', async () => {
    const context = await browser.newContext(ZOOMED);
    const tab = await context.newPage();
    await tab.goto(`${site.origin}/`);
    await tab.getByRole('button', { name: LAUNCHER }).click();
    const frame = await chatFrame(tab);
    await greeted(frame);

    const panel = await tab.getByRole('dialog', { name: 'Sportello digitale' }).boundingBox();
    expect(panel).not.toBeNull();
    if (!panel) return;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.y).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(640);
    expect(panel.y + panel.height).toBeLessThanOrEqual(400);
    expect(
      await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(
      await frame.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    // Nor down: the chat fits the panel, so its send box never hides below the frame's edge.
    expect(
      await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight),
    ).toBeLessThanOrEqual(0);

    // The send box and its button inside the panel, on screen (page coordinates, the frame's offset included).
    const chat = frame.getByRole('main', { name: /Chat con lo sportello digitale/ });
    for (const control of [
      chat.getByRole('textbox', { name: 'Casella di input messaggio' }),
      chat.getByRole('button', { name: 'Invia' }),
    ]) {
      const box = await control.boundingBox();
      expect(box).not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(panel.x);
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
      expect(box.y).toBeGreaterThanOrEqual(panel.y);
      expect(box.y + box.height).toBeLessThanOrEqual(panel.y + panel.height);
    }
    await context.close();
  });
});
