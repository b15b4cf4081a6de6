import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { eventually } from '../helpers/eventually';
import { FakeGpdServer } from '../helpers/fake-gpd-server';
import { addGiulia } from '../helpers/operators';
import { completeParkingPass } from '../helpers/parking-pass';

/**
 * An operator sees on a citizen's case, in Italian, the fee of their parking pass: the amount, the ticket's
 * status ("in attesa di pagamento", then "pagata") and the pagoPA notice code.
 */

jest.setTimeout(120_000);

const GPD_KEY = 'gpd-key-for-the-console-test';
const ORG = '01234567890';

describeInChromium('the console shows a citizen’s pagoPA payments', () => {
  const gpd = new FakeGpdServer(GPD_KEY);
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    const { gpdUrl, checkoutUrl } = await gpd.start();
    testApp = await startTestApp({
      OFFICE_HOURS: 'always',
      RATE_LIMIT_BURST: '100',
      PAGOPA_GPD_URL: gpdUrl,
      PAGOPA_CHECKOUT_URL: checkoutUrl,
      PAGOPA_API_KEY: GPD_KEY,
      PAGOPA_ORG_FISCAL_CODE: ORG,
      PAGOPA_POLL_SECONDS: '1',
    });
    await addGiulia(testApp.app.storage);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await gpd.stop();
  });

  it('lists the fee with its status and notice code, and shows it paid once pagoPA says so', async () => {
    const citizen = new DirectLineCitizen(testApp.base);
    await citizen.start();
    await citizen.say('ciao');
    const { protocol } = await completeParkingPass(testApp.base, citizen, 'RSSMRA80A01H501U');
    await eventually(() => expect(gpd.positions.size).toBe(1), 15_000);
    const [iupd, position] = [...gpd.positions.entries()][0] ?? [];
    const options = (position?.body.paymentOption ?? []) as Array<{ iuv: string }>;
    const iuv = options[0]?.iuv;
    expect(await citizen.say('operatore')).toMatch(/in coda|operatore/i);

    const operator = await browser.newPage();
    const problems: string[] = [];
    operator.on('pageerror', (err) => problems.push(err.message));
    await operator.goto(`${testApp.base}/console`);
    await operator.getByLabel('Nome utente').fill('giulia');
    await operator.getByLabel('Password').fill('password-giulia');
    await operator.getByRole('button', { name: 'Entra' }).click();
    await operator.getByRole('button', { name: /n\. 1 · webchat/ }).click();
    const payments = operator.locator('#case-payments');
    await eventually(async () =>
      expect(await payments.textContent()).toContain('avviso pagoPA inviato al cittadino'),
    );
    expect(await payments.textContent()).toBe(
      `Pagamento · ${protocol} (Pass sosta residenti), 25,00 €: pratica «in attesa di pagamento», avviso pagoPA inviato al cittadino, codice avviso 3${iuv}`,
    );

    gpd.markPaid(iupd ?? '');
    await eventually(async () => {
      // The case view is read when opened: open it again to see the news.
      await operator.getByRole('button', { name: /n\. 1 · webchat/ }).click();
      expect(await payments.textContent()).toContain('pratica «pagata», pagamento ricevuto');
    }, 20_000);
    expect(problems).toEqual([]);
  });
});
