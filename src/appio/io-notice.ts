import type { Lang } from '../engine/types';
import { statusLabel, type Ticket, type TicketStatus } from '../services/tickets/ticket';

/** Storage collection of app IO notices, keyed `protocol|status`: the outbox, and the record of what was sent. */
export const IO_NOTICES = 'io-notices';
/** Storage collection of citizens who asked for no more IO messages, keyed by codice fiscale. */
export const IO_OPT_OUTS = 'io-opt-outs';

/** Where a notice is: waiting to be sent, or its final outcome. */
export type IoNoticeState =
  | 'pending'
  /** IO accepted the message (201). */
  | 'sent'
  /** The citizen has no IO profile (404). */
  | 'no_profile'
  /** The citizen turned this service off in the app (`sender_allowed: false`). */
  | 'not_allowed'
  /** The citizen asked Sportello for no more IO messages. */
  | 'opted_out'
  /** IO refused it for good (4xx), or it kept failing. */
  | 'failed';

/** What a notice is about: a ticket's status, or the reminder of its appointment the day before. */
export type IoNoticeKind = TicketStatus | 'reminder';

/** One notice to a citizen on the app IO about a ticket's status. Idempotent per ticket and kind. */
export interface IoNotice {
  protocol: string;
  status: IoNoticeKind;
  fiscalCode: string;
  subject: string;
  markdown: string;
  state: IoNoticeState;
  createdAt: string;
  attempts: number;
  /** ISO time before which no attempt is made. */
  nextAttemptAt: string;
  /** An instance sending it holds it until then, so two instances never send it both. */
  claimedUntil?: string;
  /** IO's id of the message, once accepted. */
  messageId?: string;
  sentAt?: string;
  lastError?: string;
}

/** The key of a ticket's notice for a status (or its appointment reminder). */
export function noticeKey(protocol: string, status: IoNoticeKind): string {
  return `${protocol}|${status}`;
}

const NEXT: Record<Lang, Record<TicketStatus, string>> = {
  it: {
    received:
      'L’ufficio la esaminerà e ti scriverà quando cambia stato. Per sapere a che punto è, scrivi «stato pratica {protocol}» nella chat del Comune.',
    awaiting_payment:
      'Per procedere paga l’avviso pagoPA: il codice avviso e il link per pagare sono nella chat del Comune (scrivi «stato pratica {protocol}»).',
    paid: 'Abbiamo ricevuto il pagamento: l’ufficio prosegue con la pratica e ti scriverà quando cambia stato.',
    in_progress: 'L’ufficio ci sta lavorando: per ora non devi fare nulla.',
    waiting_citizen:
      'L’ufficio ha bisogno di altre informazioni da te: rispondi nella chat del Comune indicando il protocollo {protocol}.',
    completed: 'La pratica è conclusa: non devi fare altro.',
    rejected: 'Per chiarimenti scrivi nella chat del Comune indicando il protocollo {protocol}.',
    cancelled: 'Se non l’hai chiesto tu, scrivi nella chat del Comune indicando il protocollo {protocol}.',
  },
  en: {
    received:
      'The office will review it and write to you when its status changes. To check it, type “status {protocol}” in the comune’s chat.',
    awaiting_payment:
      'To go ahead, pay the pagoPA notice: its notice code and payment link are in the comune’s chat (type “status {protocol}”).',
    paid: 'We received the payment: the office goes ahead with the request and will write to you when its status changes.',
    in_progress: 'The office is working on it: there is nothing for you to do for now.',
    waiting_citizen:
      'The office needs more information from you: answer in the comune’s chat, quoting the protocol {protocol}.',
    completed: 'The request is closed: there is nothing else for you to do.',
    rejected: 'For explanations write in the comune’s chat, quoting the protocol {protocol}.',
    cancelled: 'If you did not ask for it, write in the comune’s chat quoting the protocol {protocol}.',
  },
};

const SUBJECT_MAX = 120;
const MARKDOWN_MAX = 10_000;

/**
 * The subject (10–120 characters) and Markdown body (80–10,000) of the IO message about a ticket's current
 * status: the service, the protocol number, the new status, the office's note and what to do next.
 */
export function noticeContent(ticket: Ticket, city: string): { subject: string; markdown: string } {
  const lang = ticket.lang;
  const status = statusLabel(ticket.status, lang);
  const service = ticket.serviceTitle[lang];
  const subject = (
    lang === 'it' ? `Pratica ${ticket.protocol}: ${status}` : `Request ${ticket.protocol}: ${status}`
  ).slice(0, SUBJECT_MAX);
  const note = ticket.history.at(-1)?.note;
  const lines = [
    lang === 'it'
      ? `La tua richiesta **${service}** (protocollo **${ticket.protocol}**) al ${city} è ora **${status}**.`
      : `Your request **${service}** (protocol **${ticket.protocol}**) to ${city} is now **${status}**.`,
    ...(note ? [`${lang === 'it' ? 'Nota dell’ufficio' : 'Note from the office'}: ${note}`] : []),
    NEXT[lang][ticket.status].replaceAll('{protocol}', ticket.protocol),
    lang === 'it'
      ? '_Non vuoi più questi messaggi? Scrivi «non voglio più messaggi su IO» nella chat del Comune._'
      : '_No more of these messages? Type “no more IO messages” in the comune’s chat._',
  ];
  return { subject, markdown: lines.join('\n\n').slice(0, MARKDOWN_MAX) };
}

/**
 * The IO message reminding a citizen of their appointment tomorrow: `when` is the slot as they read it (e.g.
 * "martedì 24/11/2026 ore 09:30").
 */
export function reminderContent(
  ticket: Ticket,
  when: string,
  city: string,
): { subject: string; markdown: string } {
  const service = ticket.serviceTitle[ticket.lang];
  const lines =
    ticket.lang === 'it'
      ? [
          `Promemoria: domani, **${when}**, hai un appuntamento al ${city} per **${service}** (pratica **${ticket.protocol}**).`,
          'Se non puoi venire, scrivi «sposta appuntamento» o «annulla appuntamento» nella chat del Comune.',
          '_Non vuoi più questi messaggi? Scrivi «non voglio più messaggi su IO» nella chat del Comune._',
        ]
      : [
          `Reminder: tomorrow, **${when}**, you have an appointment at ${city} for **${service}** (request **${ticket.protocol}**).`,
          'If you cannot come, type “move my appointment” or “cancel my appointment” in the comune’s chat.',
          '_No more of these messages? Type “no more IO messages” in the comune’s chat._',
        ];
  const subject = ticket.lang === 'it' ? `Promemoria: appuntamento domani` : 'Reminder: appointment tomorrow';
  return { subject, markdown: lines.join('\n\n').slice(0, MARKDOWN_MAX) };
}
