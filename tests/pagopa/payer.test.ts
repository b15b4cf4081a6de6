import pino from 'pino';
import type { Engine } from '../../src/engine/engine';
import type { ConversationRef, OutboundReply } from '../../src/engine/types';
import {
  createPagoPaPayer,
  iupdOf,
  PAGOPA_PAYMENTS,
  type PagoPaPayer,
  type PaymentJob,
} from '../../src/pagopa';
import { TicketStore } from '../../src/services/tickets/ticket-store';
import { OUTBOX, type OutboxEntry } from '../../src/services/webhook/outbox';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { eventually } from '../helpers/eventually';
import { FakeGpdServer } from '../helpers/fake-gpd-server';

/**
 * The pagoPA payer against the fake GPD, without chat: a position whose creation answer was lost (GPD says 409
 * on the retry) is taken as ours and never duplicated; 5xx are retried with backoff; an expired position
 * stops the polling and shows operators why.
 */

const KEY = 'gpd-key';
const ORG = '01234567890';

describe('PagoPaPayer', () => {
  const gpd = new FakeGpdServer(KEY);
  let urls: { gpdUrl: string; checkoutUrl: string };
  let storage: MemoryStorage;
  let tickets: TicketStore;
  let payer: PagoPaPayer;
  let said: Array<{ ref: ConversationRef; text: string }>;

  beforeAll(async () => {
    urls = await gpd.start();
  });
  afterAll(() => gpd.stop());

  let run = 0;
  beforeEach(() => {
    run += 1;
    storage = new MemoryStorage();
    said = [];
    payer = createPagoPaPayer({
      storage,
      logger: pino({ level: 'silent' }),
      ...urls,
      apiKey: KEY,
      orgFiscalCode: ORG,
      segregationCode: `1${run}`, // and so are their IUVs
      companyName: 'Comune di Esempio',
      returnUrl: 'https://comune.example.it/',
      baseDelayMs: 20,
      firstPollMs: 20,
      tickMs: 50,
    });
    tickets = new TicketStore(storage, {
      // A city code per test: each test's protocol numbers (hence IUPDs) are new to the shared fake GPD,
      cityCode: `TS${String.fromCharCode(64 + run)}`,
      now: () => new Date(),
      webhook: true, // events are queued (no dispatcher runs): what a webhook consumer would get
      outboxes: [payer],
    });
    const engine = {
      sendProactive: async (ref: ConversationRef, replies: readonly OutboundReply[]) => {
        for (const r of replies) said.push({ ref, text: r.text ?? '' });
      },
    };
    payer.wire({ tickets, engine: engine as unknown as Engine });
  });
  afterEach(() => payer.stop());

  async function newTicket(): Promise<string> {
    const { ticket } = await tickets.create({
      submissionId: `s-${Math.random()}`,
      service: 'pass-sosta-residenti',
      serviceTitle: { it: 'Pass sosta residenti', en: 'Resident parking pass' },
      fields: {},
      summary: [],
      attachments: [],
      ref: { channel: 'test', conversationId: 'c1', userId: 'u1' },
      lang: 'it',
      payment: {
        amountCents: 1650,
        description: 'Pass sosta residenti',
        via: 'pagopa',
        state: 'pending',
        transfer: { category: '9/0101108TS/', iban: 'IT60X0542811101000000123456' },
        dueDate: '2099-12-31',
        debtor: { fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' },
      },
    });
    expect(ticket.status).toBe('awaiting_payment');
    return ticket.protocol;
  }

  it('takes a 409 for its own position (an answer lost earlier) and creates no second one', async () => {
    const protocol = await newTicket();
    const iupd = iupdOf(ORG, protocol);
    const job = await storage.get<PaymentJob>(PAGOPA_PAYMENTS, protocol);
    // The earlier attempt reached GPD: the position is there, though Sportello never heard back.
    const created = await fetch(`${urls.gpdUrl}/organizations/${ORG}/debtpositions?toPublish=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': KEY },
      body: JSON.stringify({
        iupd,
        type: 'F',
        fiscalCode: 'RSSMRA80A01H501U',
        fullName: 'Mario Rossi',
        companyName: 'Comune di Esempio',
        switchToExpired: true,
        paymentOption: [
          {
            iuv: job?.iuv,
            amount: 1650,
            isPartialPayment: false,
            dueDate: '2099-12-31T23:59:59',
            transfer: [
              {
                idTransfer: '1',
                amount: 1650,
                organizationFiscalCode: ORG,
                remittanceInformation: 'Pass sosta residenti',
                category: '9/0101108TS/',
                iban: 'IT60X0542811101000000123456',
              },
            ],
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const before = gpd.requests.length;

    payer.start();
    await eventually(() => expect(said.map((s) => s.text).join('\n')).toContain('Codice avviso'));
    const calls = gpd.requests.slice(before).map((r) => `${r.method} ${r.status}`);
    expect(calls.slice(0, 2)).toEqual(['POST 409', 'GET 200']);
    expect([...gpd.positions.keys()].filter((k) => k === iupd)).toHaveLength(1);
    expect((await tickets.get(protocol))?.payment).toMatchObject({
      state: 'issued',
      noticeCode: job?.noticeCode,
    });

    gpd.markPaid(iupd);
    await eventually(async () => expect((await tickets.get(protocol))?.status).toBe('paid'));
    expect(said.at(-1)?.text).toContain('ora è «pagata»');

    // Webhook consumers hear of the ticket awaiting payment, of its notice code, then of it paid.
    const events = (await storage.list<OutboxEntry>(OUTBOX)).map((e) => e.value.event);
    expect(
      events.map((e) => [
        e.type,
        e.data.ticket.status,
        e.data.ticket.payment?.state,
        e.data.ticket.payment?.noticeCode,
      ]),
    ).toEqual([
      ['ticket.created', 'awaiting_payment', 'pending', undefined],
      ['ticket.updated', 'awaiting_payment', 'issued', job?.noticeCode],
      ['ticket.updated', 'paid', 'paid', job?.noticeCode],
    ]);
  });

  it('retries 5xx with backoff and still creates one position', async () => {
    const protocol = await newTicket();
    gpd.failNext('POST', 503);
    gpd.failNext('POST', 500);
    const before = gpd.requests.length;
    payer.start();
    await eventually(async () => expect((await tickets.get(protocol))?.payment?.state).toBe('issued'));
    const posts = gpd.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/debtpositions'));
    expect(posts.map((r) => r.status)).toEqual([503, 500, 201]);
    const job = await storage.get<PaymentJob>(PAGOPA_PAYMENTS, protocol);
    expect(job?.step).toBe('poll');
    expect(job?.lastError).toContain('HTTP 500');
  });

  it('withdraws the notice when the office cancels the ticket, and records a payment made after that', async () => {
    const protocol = await newTicket();
    payer.start();
    await eventually(async () => expect((await tickets.get(protocol))?.payment?.state).toBe('issued'));
    const iupd = iupdOf(ORG, protocol);
    await tickets.changeStatus(protocol, { status: 'cancelled', note: 'Richiesta doppia.' });
    await eventually(async () => expect((await tickets.get(protocol))?.payment?.state).toBe('cancelled'));
    expect(gpd.positions.get(iupd)?.status).toBe('INVALID');
    expect(gpd.requests.filter((r) => r.path.endsWith(`${iupd}/invalidate`)).map((r) => r.status)).toEqual([
      200,
    ]);
    expect((await storage.get<PaymentJob>(PAGOPA_PAYMENTS, protocol))?.step).toBe('done');

    // Paid before the office rejected it: GPD refuses to withdraw it, and the office sees a refund is due.
    const second = await newTicket();
    await eventually(async () => expect((await tickets.get(second))?.payment?.state).toBe('issued'));
    await payer.stop(); // so the payment is not seen before the office's decision
    gpd.markPaid(iupdOf(ORG, second));
    await tickets.changeStatus(second, { status: 'rejected' });
    payer.start();
    await eventually(async () =>
      expect((await tickets.get(second))?.payment).toMatchObject({
        state: 'paid',
        error: expect.stringContaining('to be refunded'),
      }),
    );
    expect((await tickets.get(second))?.status).toBe('rejected');
  });

  it('stops polling an expired position and shows operators why', async () => {
    const protocol = await newTicket();
    payer.start();
    await eventually(async () => expect((await tickets.get(protocol))?.payment?.state).toBe('issued'));
    const position = gpd.positions.get(iupdOf(ORG, protocol));
    if (position) position.status = 'EXPIRED';
    await eventually(async () =>
      expect((await tickets.get(protocol))?.payment).toMatchObject({
        state: 'failed',
        error: 'debt position EXPIRED',
      }),
    );
    expect((await storage.get<PaymentJob>(PAGOPA_PAYMENTS, protocol))?.step).toBe('failed');
  });
});
