import { ERASED } from '../../src/privacy';
import { anonymizeTicket } from '../../src/privacy/anonymize';
import type { Ticket } from '../../src/services/tickets/ticket';

describe('anonymizeTicket', () => {
  it('drops the codice fiscale kept for app IO and the pagoPA debtor, keeping the payment’s codes', () => {
    const ticket = {
      protocol: 'ESE-2026-000042',
      service: 'pass-sosta-residenti',
      serviceTitle: 'Pass sosta residenti',
      status: 'paid',
      fields: { codice_fiscale: 'RSSMRA80A01H501U' },
      summary: [{ label: 'Codice fiscale', text: 'RSSMRA80A01H501U' }],
      attachments: [],
      channel: 'webchat',
      ref: { channel: 'webchat', conversationId: 'c1', userId: 'u1' },
      lang: 'it',
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-02T09:00:00.000Z',
      history: [],
      io: { fiscalCode: 'RSSMRA80A01H501U' },
      payment: {
        amountCents: 2500,
        description: 'Pass sosta residenti',
        via: 'pagopa',
        state: 'paid',
        debtor: { fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' },
        noticeCode: '302000000000042017',
      },
    } as unknown as Ticket;
    const erased = anonymizeTicket(ticket, new Date('2026-12-06T10:00:00Z'), 'request');
    expect(JSON.stringify(erased)).not.toMatch(/RSSMRA80A01H501U|Mario Rossi/);
    expect(erased.fields.codice_fiscale).toBe(ERASED);
    expect(erased.payment).toMatchObject({
      amountCents: 2500,
      state: 'paid',
      noticeCode: '302000000000042017',
    });
  });
});
