import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { hs256Assertion, PORTAL } from '../helpers/fake-portal';
import { addGiulia } from '../helpers/operators';

/**
 * An operator sees in the console that a citizen's identity was verified with SPID/CIE by the comune's portal
 * (name and codice fiscale on the case), and no such badge on an anonymous citizen's case.
 */

jest.setTimeout(120_000);

describeInChromium('the console shows a verified identity on the case', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({
      OFFICE_HOURS: 'always',
      CITIZEN_TOKEN_SECRET: PORTAL.secret,
      CITIZEN_TOKEN_AUDIENCE: PORTAL.audience,
      CITIZEN_TOKEN_ISSUER: PORTAL.issuer,
    });
    await addGiulia(testApp.app.storage);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** A web-chat citizen whose page opened the session with `body`, who then asks for an operator. */
  async function citizenAsking(body: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${testApp.base}/api/webchat/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const session = (await res.json()) as { token: string; conversationId: string };
    const citizen = new DirectLineCitizen(testApp.base);
    citizen.token = session.token;
    citizen.conversationId = session.conversationId;
    await citizen.say('ciao');
    expect(await citizen.say('operatore')).toMatch(/in coda|operatore/i);
  }

  it('shows "Identità verificata con SPID/CIE" with name and codice fiscale, and nothing for an anonymous one', async () => {
    await citizenAsking({ citizenToken: await hs256Assertion() });
    await citizenAsking({});

    const operator = await browser.newPage();
    const problems: string[] = [];
    operator.on('pageerror', (err) => problems.push(err.message));
    await operator.goto(`${testApp.base}/console`);
    await operator.getByLabel('Nome utente').fill('giulia');
    await operator.getByLabel('Password').fill('password-giulia');
    await operator.getByRole('button', { name: 'Entra' }).click();

    const cases = operator.getByRole('button', { name: /n\. \d+ · webchat · IT/ });
    await cases.first().waitFor();
    expect(await cases.count()).toBe(2);
    const badge = operator.locator('#case-identity');
    await operator.getByRole('button', { name: /n\. 1 · webchat/ }).click();
    await operator.locator('#case-title', { hasText: 'Conversazione n. 1' }).waitFor();
    await badge.waitFor();
    expect(await badge.textContent()).toBe(
      '✔ Identità verificata con SPID/CIE: Mario Rossi, codice fiscale RSSMRA80A01H501U, mario.rossi@example.org',
    );

    await operator.getByRole('button', { name: /n\. 2 · webchat/ }).click();
    await operator.locator('#case-title', { hasText: 'Conversazione n. 2' }).waitFor();
    expect(await badge.isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
