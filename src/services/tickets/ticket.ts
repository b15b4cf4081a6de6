import type { Attachment, ConversationRef, Lang } from '../../engine/types';
import type { VerifiedCitizen } from '../../identity/citizen-identity';
import type { SlotRequest } from './slot-places';

/** The life cycle of a ticket, as the back office sets it. */
export const TICKET_STATUSES = [
  'received',
  'awaiting_payment',
  'paid',
  'in_progress',
  'waiting_citizen',
  'completed',
  'rejected',
  'cancelled',
] as const;
/** A ticket status. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** How a status is called to the citizen. */
export const STATUS_LABELS: Record<Lang, Record<TicketStatus, string>> = {
  it: {
    received: 'ricevuta',
    awaiting_payment: 'in attesa di pagamento',
    paid: 'pagata',
    in_progress: 'in lavorazione',
    waiting_citizen: 'in attesa di tue informazioni',
    completed: 'completata',
    rejected: 'respinta',
    cancelled: 'annullata',
  },
  en: {
    received: 'received',
    awaiting_payment: 'awaiting payment',
    paid: 'paid',
    in_progress: 'in progress',
    waiting_citizen: 'waiting for information from you',
    completed: 'completed',
    rejected: 'rejected',
    cancelled: 'cancelled',
  },
};

/** One entry of a ticket's status history. */
export interface TicketEvent {
  status: TicketStatus;
  at: string;
  /** Who changed it: the citizen by confirming the form, the back office, or pagoPA reporting the payment. */
  by: 'citizen' | 'backoffice' | 'pagopa';
  note?: string;
  /** Whether the citizen was told (back-office changes only). */
  notified?: boolean;
  /** Why the citizen could not be told, when so. */
  notifyError?: string;
}

/** One answered field, as shown to operators and exported to CSV. */
export interface TicketField {
  id: string;
  type: string;
  /** The field's label in Italian. */
  label: string;
  /** The answer as readable Italian text. */
  text: string;
  /** True when the answer came from the citizen's identity verified with SPID/CIE, not typed. */
  verified?: boolean;
}

/** Who confirmed a ticket, when the comune's portal vouched for them (SPID/CIE): shown to operators. */
export type TicketIdentity = VerifiedCitizen & {
  /** How the portal verified them. */
  method: 'spid-cie';
};

/**
 * The fee of a ticket's service: how much, how it is paid, and where its pagoPA notice is. Operators and
 * webhook consumers read it from the ticket.
 */
export interface TicketPayment {
  /** The amount in euro cents. */
  amountCents: number;
  /** What is paid for (the notice's remittance information). */
  description: string;
  /** `pagopa`: a debt position on pagoPA's GPD; `counter`: pagoPA is not configured, paid at the office. */
  via: 'pagopa' | 'counter';
  /**
   * `pending`: the notice is being created; `issued`: the citizen has the notice code; `paid`: GPD reports it
   * paid; `failed`: GPD refused it or kept failing (operators see `error`); `cancelled`: the office closed the
   * ticket another way (cancelled, rejected, paid at the counter) and the notice was invalidated on GPD.
   */
  state: 'pending' | 'issued' | 'paid' | 'failed' | 'cancelled';
  /** Where the money goes: the pagoPA taxonomy code and the comune's IBAN (pagoPA only). */
  transfer?: { category: string; iban: string };
  /** Last day the notice can be paid, `YYYY-MM-DD` (pagoPA only). */
  dueDate?: string;
  /** Who owes it, as the debt position names them (pagoPA only). */
  debtor?: { fiscalCode: string; fullName: string };
  /** The debt position's id on GPD (derived from the protocol, so one position per ticket). */
  iupd?: string;
  iuv?: string;
  /** The codice avviso (NAV, 18 digits) the citizen pays with. */
  noticeCode?: string;
  /** pagoPA Checkout's page for paying this notice. */
  checkoutUrl?: string;
  error?: string;
}

/** A service request the citizen confirmed, stored under its protocol number. */
export interface Ticket {
  protocol: string;
  /** The dialog id of the service, e.g. `pass-sosta-residenti`. */
  service: string;
  serviceTitle: Record<Lang, string>;
  status: TicketStatus;
  /** Normalised answers by step id (`null` for a skipped optional step). */
  fields: Record<string, unknown>;
  /** Readable answers in form order. */
  summary: TicketField[];
  /** Files the citizen sent (descriptors; the channel adapter resolves them). */
  attachments: Attachment[];
  channel: string;
  /** Where to notify the citizen; also who may ask for the ticket's status. */
  ref: ConversationRef;
  lang: Lang;
  createdAt: string;
  updatedAt: string;
  history: TicketEvent[];
  /** Appointment slots this ticket holds (storage keys in `appointment-slots`). */
  bookings?: string[];
  /** The citizen's identity verified with SPID/CIE, when they confirmed it signed in on the portal. */
  identity?: TicketIdentity;
  /** Set when the citizen agreed in the form to get updates on the app IO: to whom they go. */
  io?: { fiscalCode: string };
  /** The service's fee, when it has one. */
  payment?: TicketPayment;
}

/** The readable status of a ticket in a language. */
export function statusLabel(status: TicketStatus, lang: Lang): string {
  return STATUS_LABELS[lang][status];
}

/** What the form hands over when the citizen confirms. */
export interface NewTicket {
  /** Unique per filled-in form: a repeated confirmation returns the ticket already stored. */
  submissionId: string;
  service: string;
  serviceTitle: Record<Lang, string>;
  fields: Record<string, unknown>;
  summary: TicketField[];
  attachments: Attachment[];
  ref: ConversationRef;
  lang: Lang;
  /** Appointment slots to book atomically with the ticket: a place in each. */
  bookings?: SlotRequest[];
  /** The citizen's identity verified with SPID/CIE, if they are signed in: indexes the ticket by it. */
  identity?: TicketIdentity;
  /** The citizen agreed to get updates on the app IO, at this codice fiscale. */
  io?: { fiscalCode: string };
  /**
   * The service's fee. Paid through pagoPA the ticket starts "in attesa di pagamento" (`awaiting_payment`);
   * paid at the counter it starts "ricevuta" like any other.
   */
  payment?: TicketPayment;
}
