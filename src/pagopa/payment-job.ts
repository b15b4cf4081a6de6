import type { Lang } from '../engine/types';
import { formatEuros } from '../services/tickets/euros';

/** Storage collection of pagoPA payment jobs, keyed by protocol: the outbox, and where each notice is. */
export const PAGOPA_PAYMENTS = 'pagopa-payments';

/**
 * What is next for a ticket's pagoPA notice: create the debt position, get its Checkout link, tell the
 * citizen, then poll GPD until it is paid; `invalidate` withdraws it when the office closed the ticket another
 * way. `done` and `failed` are final.
 */
export type PaymentStep = 'create' | 'checkout' | 'tell' | 'poll' | 'invalidate' | 'done' | 'failed';

/** Whether a job is over. */
export function isFinal(step: PaymentStep): boolean {
  return step === 'done' || step === 'failed';
}

/** One ticket's pagoPA notice, from creation to payment. One per ticket. */
export interface PaymentJob {
  protocol: string;
  step: PaymentStep;
  iupd: string;
  iuv: string;
  noticeCode: string;
  checkoutUrl?: string;
  createdAt: string;
  /** Failed attempts of the current step (reset when a step succeeds). */
  attempts: number;
  /** GPD reads while waiting for the payment. */
  polls: number;
  /** ISO time before which nothing is done. */
  nextAttemptAt: string;
  /** An instance working on it holds it until then. */
  claimedUntil?: string;
  /** The last position status GPD reported (VALID, PAID…). */
  positionStatus?: string;
  lastError?: string;
}

const TEXTS = {
  it: {
    issued:
      'Ecco l’avviso pagoPA per la pratica **{protocol}** ({amount}).\n\nCodice avviso: **{notice}**\nCodice fiscale dell’ente: {org}\n\nPuoi pagare online con pagoPA Checkout: {link}\n\nOppure con l’app IO, l’home banking o in tabaccheria, in posta e agli sportelli bancari, indicando il codice avviso. Paga entro il {due}: ti scrivo io quando il pagamento arriva.',
    failed:
      'Mi dispiace: non sono riuscito a preparare l’avviso pagoPA per la pratica **{protocol}**. La richiesta è comunque registrata e l’ufficio la vede: ti ricontatterà. Se preferisci, puoi pagare {amount} allo sportello del Comune indicando il protocollo.',
  },
  en: {
    issued:
      'Here is the pagoPA notice for request **{protocol}** ({amount}).\n\nNotice code: **{notice}**\nFiscal code of the body: {org}\n\nYou can pay online with pagoPA Checkout: {link}\n\nOr with the app IO, home banking, or at tobacconists, post offices and bank counters, quoting the notice code. Pay by {due}: I will write to you when the payment arrives.',
    failed:
      'Sorry: I could not prepare the pagoPA notice for request **{protocol}**. The request is recorded all the same and the office sees it: they will get back to you. If you prefer, you can pay {amount} at the comune’s counter quoting the protocol.',
  },
} satisfies Record<Lang, Record<string, string>>;

/** The message giving the citizen the notice code and the Checkout link. */
export function issuedText(
  lang: Lang,
  v: {
    protocol: string;
    amountCents: number;
    noticeCode: string;
    org: string;
    link: string;
    dueDate: string;
  },
): string {
  const [y, m, d] = v.dueDate.split('-');
  return TEXTS[lang].issued
    .replace('{protocol}', v.protocol)
    .replace('{amount}', formatEuros(v.amountCents, lang))
    .replace('{notice}', v.noticeCode)
    .replace('{org}', v.org)
    .replace('{link}', v.link)
    .replace('{due}', `${d}/${m}/${y}`);
}

/** The polite message when the notice could not be created. */
export function failedText(lang: Lang, v: { protocol: string; amountCents: number }): string {
  return TEXTS[lang].failed
    .replace('{protocol}', v.protocol)
    .replace('{amount}', formatEuros(v.amountCents, lang));
}
