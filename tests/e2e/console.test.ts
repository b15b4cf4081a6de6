import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';
import { addGiulia } from '../helpers/operators';

/**
 * End to end in real headless Chromium with two pages: a citizen on the Web Chat page and an operator on the
 * console, exchanging messages live through Direct Line and the console WebSocket.
 */

jest.setTimeout(120_000);

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

describeInChromium('operator console and web chat in headless Chromium', () => {
  let testApp: TestApp;
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp(
      { OFFICE_HOURS: 'always' } /* operators reachable whatever time the test runs */,
    );
    app = testApp.app;
    base = testApp.base;
    await addGiulia(app.storage);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  function watch(page: Page): string[] {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    return problems;
  }

  it('escalates from web chat, lets an operator claim, chat both ways live, and hand back', async () => {
    const citizen = await browser.newPage();
    const operator = await browser.newPage();
    const citizenProblems = watch(citizen);
    const operatorProblems = watch(operator);

    // The citizen asks for a person.
    const { chat, say } = await openWebChat(citizen, base);
    await say('ciao');
    await chat.getByText('Come posso aiutarti?').first().waitFor();
    await say('Vorrei parlare con una persona per la TARI');
    await say('operatore');
    await chat
      .getByText(/Sei il primo in coda/)
      .first()
      .waitFor();

    // Unauthenticated, the console shows the login form only.
    await operator.goto(`${base}/console`);
    expect(await operator.getAttribute('html', 'lang')).toBe('it');
    await operator.getByLabel('Nome utente').fill('giulia');
    await operator.getByLabel('Password').fill('password-giulia');
    await operator.getByRole('button', { name: 'Entra' }).click();

    // The queue shows the waiting conversation with its channel and language.
    const entry = operator.getByRole('button', { name: /n\. \d+ · webchat · IT/ });
    await entry.waitFor();
    await entry.click();
    const transcript = operator.locator('#transcript');
    await transcript.getByText('Vorrei parlare con una persona per la TARI').waitFor();
    await operator.getByRole('button', { name: 'Prendi in carico' }).click();
    await chat
      .getByText(/Giulia del Comune di Esempio ha preso in carico/)
      .first()
      .waitFor();

    // Operator → citizen, live.
    const reply = operator.getByLabel('Messaggio al cittadino');
    await reply.fill('Buongiorno, sono Giulia. Mi dice il suo codice utente TARI?');
    await operator.getByRole('button', { name: 'Invia' }).click();
    await chat.getByText('Buongiorno, sono Giulia. Mi dice il suo codice utente TARI?').first().waitFor();

    // Citizen → operator, live, and the bot stays silent.
    await say('Certo, è 12345');
    await transcript.getByText('Certo, è 12345').waitFor();

    // A hostile message shows as text in the console: no element, no script run.
    await say(XSS);
    const hostile = transcript.locator('li.in .text').filter({ hasText: 'window.__xss' });
    await hostile.waitFor();
    expect(await hostile.textContent()).toBe(XSS);
    expect(await transcript.locator('img, script').count()).toBe(0);
    expect(await operator.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Hand back: the citizen is told and asked for a rating, which they give with a button.
    await operator.getByRole('button', { name: 'Restituisci all’assistente' }).click();
    await chat
      .getByText(/rimesso in contatto con l’assistente digitale/)
      .first()
      .waitFor();
    await chat
      .getByText(/Come valuti l’aiuto ricevuto/)
      .first()
      .waitFor();
    await chat
      .getByRole('toolbar', { name: 'Azioni suggerite' })
      .getByRole('button', { name: '5 ★', exact: true })
      .click();
    await chat.getByText('Grazie per la tua valutazione!').first().waitFor();

    // The bot never answered while Giulia held the conversation.
    const botLines = await chat.getByText(/Non sono sicuro di aver capito/).count();
    expect(botLines).toBe(0);
    expect(citizenProblems).toEqual([]);
    expect(operatorProblems).toEqual([]);
  });
  it('keeps what a waiting citizen writes for the operator, who reads it on claiming', async () => {
    const citizen = await browser.newPage();
    const operator = await browser.newPage();
    const citizenProblems = watch(citizen);
    const operatorProblems = watch(operator);
    const { chat, say } = await openWebChat(citizen, base);
    await say('operatore');
    await chat
      .getByText(/primo in coda/)
      .first()
      .waitFor();
    await say('Quanto devo aspettare? È per la TARI di mia madre');
    await chat
      .getByText(/Ho inoltrato il tuo messaggio: l’operatore lo leggerà/)
      .first()
      .waitFor();
    // No knowledge-base fallback and no second "talk to an operator" button while waiting.
    expect(await chat.getByText(/informazioni sicure|Non sono sicuro di aver capito/).count()).toBe(0);

    await operator.goto(`${base}/console`);
    await operator.getByLabel('Nome utente').fill('giulia');
    await operator.getByLabel('Password').fill('password-giulia');
    await operator.getByRole('button', { name: 'Entra' }).click();
    await operator
      .getByRole('button', { name: /n\. \d+ · webchat · IT/ })
      .filter({ hasText: 'in coda' })
      .click();
    await operator.getByRole('button', { name: 'Prendi in carico' }).click();
    const transcript = operator.locator('#transcript');
    const kept = transcript.locator('li.in .text').filter({ hasText: 'Quanto devo aspettare?' });
    await kept.waitFor();
    expect(await kept.textContent()).toBe('Quanto devo aspettare? È per la TARI di mia madre');
    await transcript.getByText(/Ho inoltrato il tuo messaggio/).waitFor();
    expect(await transcript.getByText(/informazioni sicure/).count()).toBe(0);
    await chat
      .getByText(/Giulia del Comune di Esempio ha preso in carico/)
      .first()
      .waitFor();
    expect(citizenProblems).toEqual([]);
    expect(operatorProblems).toEqual([]);
  });
});
