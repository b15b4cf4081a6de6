import { buttonValue, parseButtonValue } from '../engine/button-values';
import { localParts } from '../engine/calendar';
import type { Skill } from '../engine/skill';
import type { TurnContext } from '../engine/turn-context';
import { normalize } from '../shared/normalize';
import { APPOINTMENT_CHANGE_DIALOG, type AppointmentChangeArgs } from './appointment-change-dialog';
import { appointmentIntentOf } from './appointment-intents';
import type { IdentitySource } from './prefill';
import { looksLikeQuestion } from './question';
import type { DialogDefinition } from './schema';
import { st } from './texts';
import { formatEuros } from './tickets/euros';
import { findProtocol } from './tickets/protocol';
import { statusLabel, type Ticket } from './tickets/ticket';
import type { TicketStore } from './tickets/ticket-store';
import { formatDateIt } from './validators/date';

const STATUS_PHRASES = [
  'stato pratica',
  'stato della pratica',
  'stato della mia pratica',
  'stato richiesta',
  'stato della richiesta',
  'a che punto e la mia pratica',
  'a che punto e la pratica',
  'status',
  'request status',
  'status of my request',
];
// A question naming a service ("quanto costa il pass sosta?") is for the knowledge base, unless it asks to do it.
const INTENT_WORDS = new Set([
  'voglio',
  'vorrei',
  'richiedere',
  'richiedo',
  'chiedere',
  'prenotare',
  'prenoto',
  'fare',
  'segnalare',
  'segnalo',
  'avviare',
  'presentare',
  'domanda',
  'want',
  'request',
  'apply',
  'book',
  'report',
  'start',
]);
const MINE_PHRASES = [
  'le mie pratiche',
  'mie pratiche',
  'le mie richieste',
  'my requests',
  'menu requests',
  'pratiche presentate',
];

function startsWithPhrase(folded: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => folded === p || folded.startsWith(`${p} `));
}

/**
 * True when the text, normalised and padded with a space each side, contains the phrase (padded the same way,
 * ` phrase `) as whole words.
 */
function containsPhrase(padded: string, paddedPhrase: string): boolean {
  return paddedPhrase.length > 2 && padded.includes(paddedPhrase);
}

/**
 * The skill of service requests (id `services`): starts a service when the citizen's words match its trigger
 * phrases, answers "stato pratica ESE-2026-000123" for the citizen's own tickets only (same channel and user
 * id, or confirmed by the same identity verified with SPID/CIE; anyone else is told politely that no such
 * request of theirs exists), and lists "le mie pratiche". A codice fiscale typed in a chat unlocks nothing:
 * only the identity the comune's portal vouched for does.
 */
export function servicesSkill(deps: {
  tickets: TicketStore;
  definitions: readonly DialogDefinition[];
  identities?: IdentitySource;
}): Skill {
  /** The codice fiscale of the conversation's verified citizen, if signed in. */
  async function verifiedFiscalNumber(ctx: TurnContext): Promise<string | undefined> {
    return (await deps.identities?.verified(ctx.state.key))?.fiscalNumber;
  }

  async function status(ctx: TurnContext, protocol: string): Promise<void> {
    const ticket = await deps.tickets.getForCitizen(protocol, ctx.state.ref, await verifiedFiscalNumber(ctx));
    if (!ticket) {
      ctx.reply(st(ctx.lang, 'notFound', { protocol }));
      return;
    }
    const lines = [
      st(ctx.lang, 'statusOf', {
        protocol,
        service: ticket.serviceTitle[ctx.lang],
        date: formatDateIt(localParts(new Date(ticket.createdAt)).date),
        status: statusLabel(ticket.status, ctx.lang),
      }),
    ];
    const note = ticket.history.findLast((h) => h.note)?.note;
    if (note) lines.push(st(ctx.lang, 'statusNote', { note }));
    // A notice still unpaid: its code and link again, for a citizen who lost the message.
    const payment = ticket.payment;
    if (ticket.status === 'awaiting_payment' && payment?.state === 'issued' && payment.noticeCode)
      lines.push(
        st(ctx.lang, 'statusNotice', {
          amount: formatEuros(payment.amountCents, ctx.lang),
          notice: payment.noticeCode,
          link: payment.checkoutUrl ?? 'https://checkout.pagopa.it/',
        }),
      );
    ctx.reply(lines.join('\n\n'), { service: ticket.service });
  }

  async function mine(ctx: TurnContext): Promise<void> {
    const tickets = await deps.tickets.listForCitizen(ctx.state.ref, 10, await verifiedFiscalNumber(ctx));
    if (tickets.length === 0) {
      ctx.reply(ctx.menu(st(ctx.lang, 'noRequests')));
      return;
    }
    const line = (t: Ticket) =>
      st(ctx.lang, 'myRequestLine', {
        protocol: t.protocol,
        service: t.serviceTitle[ctx.lang],
        status: statusLabel(t.status, ctx.lang),
        date: formatDateIt(localParts(new Date(t.createdAt)).date),
      });
    ctx.reply({
      text: `${st(ctx.lang, 'myRequests')}\n\n${tickets.map(line).join('\n')}`,
      choices: tickets.slice(0, 5).map((t) => ({ label: t.protocol, value: `stato pratica ${t.protocol}` })),
    });
  }

  // Trigger phrases folded and padded once, not on every message.
  const triggers = deps.definitions.map((d) => ({
    definition: d,
    phrases: [...d.triggers.it, ...d.triggers.en].map((p) => ` ${normalize(p)} `),
  }));

  return {
    id: 'services',
    async handle(ctx) {
      const folded = normalize(ctx.input);
      // Moving or cancelling a booked appointment: by its words, or a button of an earlier list pressed now.
      const pressed = parseButtonValue(ctx.input);
      const intent = pressed?.kind === 'appointment' ? undefined : appointmentIntentOf(folded);
      if (pressed?.kind === 'appointment' || intent) {
        const args: AppointmentChangeArgs =
          pressed?.kind === 'appointment'
            ? { intent: pressed.action === 'move' ? 'move' : 'cancel', protocol: pressed.protocol }
            : { intent: intent ?? 'list' };
        await ctx.beginDialog(APPOINTMENT_CHANGE_DIALOG, args);
        return true;
      }
      const protocol = findProtocol(ctx.input);
      if (protocol) {
        await status(ctx, protocol);
        return true;
      }
      if (startsWithPhrase(folded, MINE_PHRASES)) {
        await mine(ctx);
        return true;
      }
      if (startsWithPhrase(folded, STATUS_PHRASES)) {
        const tickets = await deps.tickets.listForCitizen(ctx.state.ref, 1, await verifiedFiscalNumber(ctx));
        if (tickets.length > 0) await mine(ctx);
        else ctx.reply(st(ctx.lang, 'askProtocol'));
        return true;
      }
      if (!folded) return false;
      if (looksLikeQuestion(ctx.input) && !folded.split(' ').some((w) => INTENT_WORDS.has(w))) return false;
      const padded = ` ${folded} `;
      const matches = triggers
        .filter((t) => t.phrases.some((p) => containsPhrase(padded, p)))
        .map((t) => t.definition);
      const only = matches.length === 1 ? matches[0] : undefined;
      if (only) {
        await ctx.beginDialog(only.id);
        return true;
      }
      if (matches.length > 1) {
        ctx.reply({
          text: st(ctx.lang, 'whichService'),
          choices: matches.map((d) => ({
            label: d.title[ctx.lang],
            value: buttonValue({ kind: 'service', dialogId: d.id }),
          })),
        });
        return true;
      }
      return false;
    },
  };
}
