import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app';
import { UserStore } from '../../src/console/users';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';

/**
 * End to end in real headless Chromium: an editor logs in to the console, opens the knowledge-base editor,
 * edits an entry, publishes it, checks it in the "try it" box, and a citizen on the Web Chat page gets the new
 * answer. The analytics page then draws its charts.
 */

jest.setTimeout(120_000);

const NEW_ANSWER = 'Dal 1° aprile l’isola ecologica apre anche la domenica mattina.';

describeInChromium('knowledge-base editor in headless Chromium', () => {
  let testApp: TestApp;
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ OFFICE_HOURS: 'always' });
    app = testApp.app;
    base = testApp.base;
    const users = new UserStore(app.storage, 4);
    await users.create({ username: 'elena', password: 'password-elena', role: 'editor', name: 'Elena' });
    await users.create({ username: 'giulia', password: 'password-giulia', role: 'operator', name: 'Giulia' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  function watch(page: Page): string[] {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/.test(msg.text())) problems.push(msg.text());
    });
    return problems;
  }

  async function logIn(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/console`);
    await page.getByLabel('Nome utente').fill(username);
    await page.getByLabel('Password').fill(`password-${username}`);
    await page.getByRole('button', { name: 'Entra' }).click();
    await page
      .locator('#whoami')
      .getByText(`(${username === 'elena' ? 'redattore' : 'operatore'})`)
      .waitFor();
  }

  it('edits an entry, previews it per channel, publishes it, and the web chat answers with it', async () => {
    const editor = await browser.newPage();
    const problems = watch(editor);
    await logIn(editor, 'elena');
    await editor.getByRole('link', { name: 'Base di conoscenza' }).click();
    await editor.waitForURL(`${base}/console/editor`);

    await editor.getByLabel('Cerca').fill('isola ecologica');
    await editor.getByRole('button', { name: /isola-ecologica · IT/ }).click();
    const body = editor.getByLabel('Risposta (Markdown)');
    await body.fill(`${NEW_ANSWER}\n\n**Portare** un documento. <script>window.__xss=1</script>`);
    // Live preview: bold on Web Chat, <b> source for Telegram, *bold* for WhatsApp; the script stays text.
    await editor.locator('#pv-webchat strong', { hasText: 'Portare' }).waitFor();
    await editor.locator('#pv-telegram', { hasText: '<b>Portare</b>' }).waitFor();
    await editor.locator('#pv-whatsapp', { hasText: '*Portare*' }).waitFor();
    expect(await editor.locator('#pv-webchat script').count()).toBe(0);

    await editor.getByRole('button', { name: 'Pubblica', exact: true }).click();
    await editor.getByText('Voce pubblicata').waitFor();
    await editor
      .locator('#revisions')
      .getByText(/pubblicata · elena/)
      .waitFor();
    expect(await editor.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // The try-it box answers with the edited entry.
    await editor.getByLabel('Domanda del cittadino').fill('orari isola ecologica');
    await editor.getByRole('button', { name: 'Prova', exact: true }).click();
    await editor
      .locator('#try-decision')
      .getByText(/Risponderebbe la voce «isola-ecologica»/)
      .waitFor();

    // A citizen asks on the Web Chat page and gets the new answer.
    const citizen = await browser.newPage();
    const { chat, say } = await openWebChat(citizen, base);
    await say('orari isola ecologica');
    await chat
      .getByText(/l’isola ecologica apre anche la domenica mattina/)
      .first()
      .waitFor();

    // History: restore the imported revision and the old answer is back.
    await editor.getByRole('button', { name: 'Ripristina la revisione 1' }).click();
    await editor.getByText('Revisione n. 1 ripristinata').waitFor();
    await editor.getByLabel('Domanda del cittadino').fill('orari isola ecologica');
    await editor.getByRole('button', { name: 'Prova', exact: true }).click();
    await editor
      .locator('#try-decision')
      .getByText(/isola-ecologica/)
      .waitFor();
    const restored = await (
      await editor.request.get(`${base}/api/console/kb/entries/isola-ecologica`)
    ).json();
    expect(restored.published.body).not.toContain('domenica mattina');
    expect(problems).toEqual([]);
  });

  it('draws the analytics charts as SVG for an editor, and refuses an operator', async () => {
    const editor = await browser.newPage();
    const problems = watch(editor);
    await logIn(editor, 'elena');
    await editor.goto(`${base}/console/analytics`);
    await editor.locator('#ch-conversations svg rect').first().waitFor();
    expect(await editor.locator('#figures .figure').count()).toBeGreaterThan(5);
    expect(await editor.getByRole('img', { name: 'Conversazioni al giorno per canale' }).count()).toBe(1);
    expect(problems).toEqual([]);

    const operator = await browser.newPage();
    await logIn(operator, 'giulia');
    expect(await operator.locator('#rooms-nav').isHidden()).toBe(true);
    await operator.goto(`${base}/console/analytics`);
    await operator.getByText('riservata a redattori e amministratori').waitFor();
  });
});
