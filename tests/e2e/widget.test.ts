import '../helpers/dispose-symbols';
import type { Browser, BrowserContextOptions, FrameLocator, Page } from 'playwright-core';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';
import { hs256Assertion, PORTAL } from '../helpers/fake-portal';
import { type HostSite, startHostSite } from '../helpers/host-site';
import { fillStreetReport } from '../helpers/street-report';

/**
 * The comune puts one `<script>` on its own site, another origin under a CSP with no `'unsafe-inline'`: in
 * real Chromium a citizen opens the launcher, gets an FAQ answer and a ticket, moves to another page of the site
 * and finds the conversation still there; on a phone the panel fills the screen; a citizen signed in on the
 * portal finds their verified data filled in; a site not among WIDGET_ALLOWED_ORIGINS gets a polite sentence instead of a broken panel.
 */

jest.setTimeout(240_000);

const PROTOCOL = /ESE-\d{4}-\d{6}/;
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

describeInChromium('the widget on the comune’s site', () => {
  let testApp: TestApp;
  let browser: Browser;
  let site: HostSite;
  let stranger: HostSite;
  let assertion = '';
  const sportello = () => testApp.base;

  /** A page of the comune's site carrying the widget's script tag. */
  const page =
    (title: string, attributes = 'data-lang="it" data-position="bottom-right"') =>
    () =>
      `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} — Comune di Esempio</title></head>
<body><h1>${title}</h1>
<nav><a href="/">Home</a> <a href="/servizi">Servizi</a></nav>
<script src="${sportello()}/widget.js" ${attributes}></script>
</body></html>`;
  const pages = {
    '/': page('Home'),
    '/servizi': page('Servizi'),
    '/en': page('Welcome', 'data-lang="en" data-position="bottom-left"'),
    '/area-personale': () => page('Area personale', `data-lang="it" data-citizen-token="${assertion}"`)(),
  };

  beforeAll(async () => {
    site = await startHostSite(pages, sportello);
    stranger = await startHostSite(pages, sportello);
    testApp = await startTestApp({
      WIDGET_ALLOWED_ORIGINS: site.origin,
      CITIZEN_TOKEN_SECRET: PORTAL.secret,
      CITIZEN_TOKEN_AUDIENCE: PORTAL.audience,
      CITIZEN_TOKEN_ISSUER: PORTAL.issuer,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await site?.close();
    await stranger?.close();
  });

  /**
   * A citizen's browser: what the host page's CSP refused (its `securitypolicyviolation` events) and the
   * console errors of the host page itself.
   */
  async function visitor(options: BrowserContextOptions) {
    const context = await browser.newContext(options);
    await context.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.startsWith(sportello())) errors.push(m.text());
    });
    const launcher = tab.getByRole('button', { name: 'Chatta con lo Sportello digitale' });
    const panel = tab.getByRole('dialog', { name: 'Sportello digitale' });
    const violations = () =>
      tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    return { context, tab, errors, launcher, panel, violations };
  }

  /** The chat inside the panel, once connected (Web Chat ignores Enter before). */
  async function chatIn(tab: Page, title = 'Chat con lo Sportello digitale') {
    const frame: FrameLocator = tab.frameLocator(`iframe[title="${title}"]`);
    await frame.locator('#webchat-status').waitFor({ state: 'hidden' });
    const chat = frame.getByRole('main', {
      name: /Chat (con lo sportello digitale|with the digital front desk)/,
    });
    const box = chat.getByRole('textbox', { name: 'Casella di input messaggio' });
    return {
      chat,
      async say(text: string) {
        await box.fill(text);
        await box.press('Enter');
      },
      sees: (text: string | RegExp) => chat.getByText(text).last().waitFor(),
      press: (label: string) =>
        chat
          .getByRole('toolbar', { name: 'Azioni suggerite' })
          .getByRole('button', { name: label, exact: true })
          .click(),
      box,
    };
  }

  /** Whether the focus is in the panel's send box: the host's focus in the iframe, the frame's in its box. */
  async function focusInSendBox(tab: Page): Promise<void> {
    await tab.waitForFunction(() => document.activeElement?.tagName === 'IFRAME');
    const frame = tab.frames().find((f) => f.url().startsWith(`${sportello()}/widget`));
    if (!frame) throw new Error('the panel has no chat frame');
    await frame.waitForFunction(() => document.activeElement?.matches('#webchat textarea, #webchat input'));
  }

  it('answers an FAQ and takes a report to a protocol number, and keeps it across the site’s pages', async () => {
    const v = await visitor(DESKTOP);
    await v.tab.goto(`${site.origin}/`);
    expect(await v.launcher.getAttribute('aria-expanded')).toBe('false');
    const size = await v.launcher.boundingBox();
    expect(size?.width).toBeGreaterThanOrEqual(44);
    expect(size?.height).toBeGreaterThanOrEqual(44);

    await v.launcher.click();
    expect(await v.launcher.getAttribute('aria-expanded')).toBe('true');
    await v.panel.waitFor();
    const c = await chatIn(v.tab);
    await focusInSendBox(v.tab);

    await c.say('ho la carta d identita scaduta da rinnovare');
    await c.sees(/nei 180 giorni prima della scadenza/);
    await c.sees('Ti è stata utile?');

    await fillStreetReport(c, 'Una buca profonda sulla carreggiata');
    await c.press('Conferma e invia');
    const done = c.chat.getByText(PROTOCOL).last();
    await done.waitFor();
    const protocol = PROTOCOL.exec((await done.textContent()) ?? '')?.[0] ?? '';
    expect(protocol).toMatch(PROTOCOL);

    // Another page of the site: the panel opens again by itself, with the same conversation in it.
    await v.tab.getByRole('link', { name: 'Servizi' }).click();
    await v.tab.getByRole('heading', { name: 'Servizi' }).waitFor();
    expect(await v.launcher.getAttribute('aria-expanded')).toBe('true');
    const again = await chatIn(v.tab);
    await again.chat.getByText(protocol).first().waitFor();
    await again.chat
      .getByText(/nei 180 giorni prima della scadenza/)
      .first()
      .waitFor();

    // Escape in the chat closes the panel and gives the focus back to the launcher; it stays closed.
    await again.box.click();
    await again.box.press('Escape');
    await v.panel.waitFor({ state: 'hidden' });
    expect(await v.launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await v.tab.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Chatta con lo Sportello digitale',
    );
    // Back from the keyboard: the launcher shows a focus ring.
    expect(await v.launcher.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
    await v.tab.reload();
    expect(await v.launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await v.panel.isHidden()).toBe(true);

    expect(await v.violations()).toEqual([]);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it('fills a phone’s screen, and its close button gives the focus back to the launcher', async () => {
    const v = await visitor(PHONE);
    await v.tab.goto(`${site.origin}/`);
    await v.launcher.click();
    await chatIn(v.tab);
    expect(await v.panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    expect(await v.launcher.isHidden()).toBe(true);

    await v.panel.getByRole('button', { name: 'Chiudi la chat' }).click();
    await v.panel.waitFor({ state: 'hidden' });
    await v.launcher.waitFor();
    expect(await v.tab.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Chatta con lo Sportello digitale',
    );
    expect(await v.violations()).toEqual([]);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it('fills in the verified data of a citizen signed in on the portal, never putting the assertion in a URL', async () => {
    assertion = await hs256Assertion();
    const v = await visitor(DESKTOP);
    await v.tab.goto(`${site.origin}/area-personale`);
    await v.launcher.click();
    const c = await chatIn(v.tab);
    await c.say('vorrei il pass sosta');
    await c.sees(/Ho già inserito i tuoi dati verificati con SPID\/CIE: Codice fiscale/);
    await c.sees(/indirizzo di residenza/);
    expect(await c.chat.getByText('Qual è il tuo codice fiscale?').count()).toBe(0);
    expect(v.tab.frames().filter((f) => f.url().includes(assertion))).toEqual([]);
    expect(await v.violations()).toEqual([]);
    await v.context.close();
  });

  it('takes a sign-in the portal learns of later, for the conversation already open', async () => {
    const v = await visitor(DESKTOP);
    await v.tab.goto(`${site.origin}/`);
    await v.launcher.click();
    let c = await chatIn(v.tab);
    await c.say('ciao');
    await c.sees('Come posso aiutarti?');
    const later = await hs256Assertion();
    await v.tab.evaluate((token) => {
      (window as unknown as { Sportello: { signIn(t: string): void } }).Sportello.signIn(token);
    }, later);
    c = await chatIn(v.tab);
    // The same conversation, now signed in.
    await c.chat.getByText('ciao', { exact: true }).first().waitFor();
    await c.say('vorrei il pass sosta');
    await c.sees(/Ho già inserito i tuoi dati verificati con SPID\/CIE: Codice fiscale/);
    expect(await v.violations()).toEqual([]);
    await v.context.close();
  });

  it('speaks English when the page asks for it, in the corner it names', async () => {
    const v = await visitor(DESKTOP);
    await v.tab.goto(`${site.origin}/en`);
    const launcher = v.tab.getByRole('button', { name: 'Chat with the digital front desk' });
    expect((await launcher.boundingBox())?.x).toBeLessThan(100);
    await launcher.click();
    const c = await chatIn(v.tab, 'Chat with the digital front desk');
    await c.sees(/Hello! I am the digital front desk of Comune di Esempio/);
    // The panel itself speaks English too: its region and Web Chat's own controls.
    await c.chat.getByRole('textbox', { name: 'Message input box' }).waitFor();
    expect(
      await v.tab
        .frameLocator('iframe')
        .getByRole('main', { name: /^Chat with the digital front desk/ })
        .count(),
    ).toBe(1);
    expect(await v.tab.getByRole('dialog', { name: 'Digital front desk' }).isVisible()).toBe(true);
    expect(await v.violations()).toEqual([]);
    await v.context.close();
  });

  it('on a site not among WIDGET_ALLOWED_ORIGINS says politely that the chat cannot be shown', async () => {
    const v = await visitor(DESKTOP);
    const said: string[] = [];
    v.tab.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
    await v.tab.goto(`${stranger.origin}/`);
    await v.launcher.click();
    await v.panel.getByText('La chat non può essere mostrata in questa pagina.').waitFor();
    expect(await v.tab.locator('iframe').count()).toBe(0);
    const link = v.panel.getByRole('link', { name: 'Apri la chat in una nuova scheda' });
    expect(await link.getAttribute('href')).toBe(`${sportello()}/`);
    // The browser's own refusal, and a hint for the site's developer.
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^error: Framing .* violates .*"frame-ancestors 'self' http:\/\/localhost:\d+"/,
        ),
        expect.stringMatching(/^warning: Sportello: .* \(is it among WIDGET_ALLOWED_ORIGINS\?\)/),
      ]),
    );
    await v.context.close();
  });
});
