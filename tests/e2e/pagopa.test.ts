import { PAGOPA_PAYMENTS, type PaymentJob } from '../../src/pagopa';
import type { Ticket } from '../../src/services/tickets/ticket';
import { login } from '../console/harness';
import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { eventually } from '../helpers/eventually';
import { FakeGpdServer } from '../helpers/fake-gpd-server';
import { FakeIoServer } from '../helpers/fake-io-server';
import { addGiulia } from '../helpers/operators';
import { completeParkingPass } from '../helpers/parking-pass';

/**
 * pagoPA end to end against a local fake of GPD and Checkout (and of app IO): a web-chat citizen completes the
 * parking pass (25 €); GPD gets exactly one debt position, in cents, owed by the citizen's codice fiscale, even
 * though its first answer is a 429; the citizen gets the notice code and the Checkout link; once the fake
 * reports the position paid the ticket becomes "pagata" and the citizen is told, in the chat and on IO. A GPD
 * refusal leaves the citizen a polite message and operators a failed payment.
 */

jest.setTimeout(90_000);

const API_KEY = 'backoffice-key-for-the-pagopa-test';
const GPD_KEY = 'gpd-subscription-key-of-the-comune';
const IO_KEY = 'io-subscription-key-of-the-comune';
const ORG = '01234567890';
const CF = 'RSSMRA80A01H501U';

describe('pagoPA notices for services with a fee', () => {
  const gpd = new FakeGpdServer(GPD_KEY);
  const io = new FakeIoServer(IO_KEY);
  let testApp: TestApp;

  beforeAll(async () => {
    const { gpdUrl, checkoutUrl } = await gpd.start();
    const ioUrl = await io.start();
    io.profiles.set(CF, true);
    testApp = await startTestApp({
      BACKOFFICE_API_KEY: API_KEY,
      PAGOPA_GPD_URL: gpdUrl,
      PAGOPA_CHECKOUT_URL: checkoutUrl,
      PAGOPA_API_KEY: GPD_KEY,
      PAGOPA_ORG_FISCAL_CODE: ORG,
      PAGOPA_SEGREGATION_CODE: '01',
      PAGOPA_POLL_SECONDS: '1',
      IO_API_URL: ioUrl,
      IO_API_KEY: IO_KEY,
      RATE_LIMIT_BURST: '100', // the test types faster than a citizen
      OFFICE_HOURS: 'always',
    });
    await addGiulia(testApp.app.storage);
  });
  afterAll(async () => {
    await testApp?.close();
    await gpd.stop();
    await io.stop();
  });

  async function ticketOf(protocol: string): Promise<Ticket> {
    const res = await fetch(`${testApp.base}/api/backoffice/tickets/${protocol}`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Ticket;
  }

  /** Reads the bot's texts as they come, until `expected` is among them. */
  async function waitForBot(c: DirectLineCitizen, expected: string, timeoutMs = 20_000): Promise<string> {
    let seen = '';
    await eventually(async () => {
      seen += await c.newBotText();
      expect(seen).toContain(expected);
    }, timeoutMs);
    return seen;
  }

  async function parkingPass(c: DirectLineCitizen): Promise<{ protocol: string; done: string }> {
    const { protocol, summary, done } = await completeParkingPass(testApp.base, c, CF);
    expect(summary).toContain('Il servizio costa **25,00 €**.');
    return { protocol, done };
  }

  it('creates one debt position despite a 429, gives the notice code and link, and moves to "pagata"', async () => {
    const c = new DirectLineCitizen(testApp.base);
    await c.start();
    await c.say('ciao');
    gpd.failNext('POST', 429, 1);
    const { protocol, done } = await parkingPass(c);
    expect(done).toContain('tra poco ti mando qui il codice avviso pagoPA');
    expect(done).not.toContain('sportello');
    expect((await ticketOf(protocol)).status).toBe('awaiting_payment');

    const notice = await waitForBot(c, 'Codice avviso:');
    const iupd = `${ORG}-${protocol}`;
    // Exactly one debt position, for this ticket, in euro cents, owed by the citizen.
    expect([...gpd.positions.keys()]).toEqual([iupd]);
    const position = gpd.positions.get(iupd)?.body as {
      type: string;
      fiscalCode: string;
      fullName: string;
      companyName: string;
      paymentOption: Array<{ iuv: string; amount: number; transfer: Array<Record<string, unknown>> }>;
    };
    expect(position).toMatchObject({
      type: 'F',
      fiscalCode: CF,
      fullName: 'Mario Rossi',
      companyName: 'Comune di Esempio',
    });
    const [option] = position.paymentOption;
    expect(option?.amount).toBe(2500);
    expect(option?.iuv).toMatch(/^01\d{15}$/);
    expect(option?.transfer).toEqual([
      expect.objectContaining({
        idTransfer: '1',
        amount: 2500,
        organizationFiscalCode: ORG,
        category: '9/0101108TS/',
        iban: 'IT60X0542811101000000123456',
      }),
    ]);
    // The 429 was answered once with Retry-After, and the position was created on the retry.
    const posts = gpd.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/debtpositions'));
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    expect(
      gpd.requests.filter((r) => r.path.includes('/debtpositions')).every((r) => r.key === GPD_KEY),
    ).toBe(true);

    // The citizen has the notice code (aux digit 3 + IUV) and the Checkout page of the cart made for it.
    const noticeCode = `3${option?.iuv}`;
    expect(notice).toContain(`Codice avviso: **${noticeCode}**`);
    expect(notice).toContain(`Codice fiscale dell’ente: ${ORG}`);
    const [cartId, cart] = [...gpd.carts.entries()][0] ?? [];
    expect(notice).toContain(`/checkout/${cartId}`);
    expect(cart).toMatchObject({
      paymentNotices: [{ noticeNumber: noticeCode, fiscalCode: ORG, amount: 2500 }],
    });
    expect(await ticketOf(protocol)).toMatchObject({
      status: 'awaiting_payment',
      payment: { state: 'issued', noticeCode, iupd, amountCents: 2500 },
    });

    // Asking for the status shows the unpaid notice again.
    const status = await c.say(`stato pratica ${protocol}`);
    expect(status).toContain('stato «in attesa di pagamento»');
    expect(status).toContain(`codice avviso **${noticeCode}**`);

    // Paid: GPD reports it, the ticket becomes "pagata", and the citizen is told in the chat and on IO.
    gpd.markPaid(iupd);
    const paidText = await waitForBot(c, 'ora è «pagata»');
    expect(paidText).toContain(protocol);
    const paid = await ticketOf(protocol);
    expect(paid.status).toBe('paid');
    expect(paid.payment?.state).toBe('paid');
    expect(paid.history.map((h) => [h.status, h.by])).toEqual([
      ['awaiting_payment', 'citizen'],
      ['paid', 'pagopa'],
    ]);
    expect(paid.history.at(-1)?.notified).toBe(true);
    await eventually(
      () =>
        expect(io.messages.map((m) => m.subject)).toEqual([
          `Pratica ${protocol}: in attesa di pagamento`,
          `Pratica ${protocol}: pagata`,
        ]),
      20_000,
    );
    const job = await testApp.app.storage.get<PaymentJob>(PAGOPA_PAYMENTS, protocol);
    expect(job).toMatchObject({ step: 'done', positionStatus: 'PAID' });
    expect(gpd.positions.size).toBe(1);

    // Operators see the payment in Italian on the citizen's case.
    expect(await c.say('operatore')).toMatch(/in coda|operatore/i);
    const operator = await login(testApp.base, 'giulia');
    const queue = (await (await operator.call('GET', '/api/console/queue')).json()) as {
      cases: Array<{ id: string }>;
    };
    const detail = (await (
      await operator.call('GET', `/api/console/cases/${queue.cases.at(-1)?.id}`)
    ).json()) as { payments: Array<Record<string, unknown>> };
    expect(detail.payments).toEqual([
      expect.objectContaining({ protocol, status: 'paid', statusLabel: 'pagata', noticeCode, state: 'paid' }),
    ]);
  });

  it('tells the citizen politely and shows operators a failed payment when GPD refuses the position', async () => {
    const c = new DirectLineCitizen(testApp.base);
    await c.start();
    await c.say('ciao');
    gpd.failNext('POST', 400);
    const before = gpd.positions.size;
    const { protocol } = await parkingPass(c);
    const sorry = await waitForBot(c, 'non sono riuscito a preparare l’avviso pagoPA');
    expect(sorry).toContain(protocol);
    expect(sorry).toContain('allo sportello');
    expect(gpd.positions.size).toBe(before);
    const ticket = await ticketOf(protocol);
    expect(ticket.status).toBe('awaiting_payment');
    expect(ticket.payment).toMatchObject({ state: 'failed', error: expect.stringContaining('HTTP 400') });
  });
});
