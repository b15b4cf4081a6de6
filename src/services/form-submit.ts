import { randomUUID } from 'node:crypto';
import type { Attachment, ConversationRef, Lang } from '../engine/types';
import { calendarOf, parseAppointment } from './appointments';
import { formatAnswer } from './fields';
import { answerOf, applicableSteps, effectiveAnswers, type FormData, isVerifiedAnswer } from './form-state';
import { pick } from './localized';
import type { DialogDefinition } from './schema';
import { slotKey } from './slots';
import type { TicketIdentity, TicketPayment } from './tickets/ticket';
import type { NewTicket } from './tickets/ticket-store';

/**
 * The ticket a confirmed form becomes: the answers of the applicable steps, their readable Italian summary,
 * every attachment descriptor, and the appointment slots to book. Given the citizen's verified identity, the
 * ticket carries it and the answers filled in from it are marked verified.
 */
export function newTicketOf(
  def: DialogDefinition,
  data: FormData,
  ref: ConversationRef,
  lang: Lang,
  identity?: TicketIdentity,
  options: { pagoPa?: boolean; now?: Date } = {},
): NewTicket {
  const answers = effectiveAnswers(def, data.answers);
  const steps = applicableSteps(def, data.answers);
  const io = ioConsentOf(def, answers, identity);
  const payment = def.fee
    ? paymentOf(def, answers, identity, options.pagoPa === true, options.now ?? new Date())
    : undefined;
  const attachments: Attachment[] = [];
  const bookings: Array<{ key: string; capacity: number }> = [];
  for (const s of steps) {
    const value = answerOf(answers, s.id);
    if ((s.type === 'photo' || s.type === 'attachment') && Array.isArray(value))
      attachments.push(...(value as Attachment[]));
    const appointment = s.type === 'appointment' ? parseAppointment(value) : undefined;
    const calendar = s.type === 'appointment' && appointment ? calendarOf(s, appointment.desk) : undefined;
    if (appointment && calendar)
      bookings.push({
        key: slotKey(def.id, s.id, appointment.slot, appointment.desk),
        capacity: calendar.slots.capacity,
      });
  }
  return {
    submissionId: data.submissionId ?? randomUUID(),
    service: def.id,
    serviceTitle: def.title,
    fields: answers,
    summary: steps.map((s) => ({
      id: s.id,
      type: s.type,
      label: pick(s.label, 'it'),
      text: formatAnswer(s, answerOf(answers, s.id), 'it'),
      ...(identity && isVerifiedAnswer(data, s.id) ? { verified: true } : {}),
    })),
    attachments,
    ref,
    lang,
    bookings,
    ...(identity ? { identity } : {}),
    ...(io ? { io } : {}),
    ...(payment ? { payment } : {}),
  };
}

/**
 * The fee of a confirmed form: through pagoPA (owed by the verified codice fiscale, else the one given in the
 * form, else `ANONIMO` as pagoPA allows) or at the counter.
 */
function paymentOf(
  def: DialogDefinition,
  answers: Record<string, unknown>,
  identity: TicketIdentity | undefined,
  pagoPa: boolean,
  now: Date,
): TicketPayment | undefined {
  const fee = def.fee;
  if (!fee) return undefined;
  const answer = (test: (s: DialogDefinition['steps'][number]) => boolean): string | undefined => {
    const step = def.steps.find((s) => test(s) && typeof answerOf(answers, s.id) === 'string');
    return step ? String(answerOf(answers, step.id)) : undefined;
  };
  const fiscalCode = identity?.fiscalNumber ?? answer((s) => s.type === 'codice_fiscale');
  const named = [identity?.name, identity?.familyName].filter(Boolean).join(' ');
  const fullName =
    answer((s) => s.prefill === 'full_name') ||
    named ||
    [answer((s) => s.prefill === 'name'), answer((s) => s.prefill === 'family_name')]
      .filter(Boolean)
      .join(' ');
  return {
    amountCents: Math.round(fee.amount * 100),
    description: fee.description,
    via: pagoPa ? 'pagopa' : 'counter',
    state: 'pending',
    ...(pagoPa
      ? {
          transfer: { category: fee.category, iban: fee.iban },
          dueDate: new Date(now.getTime() + fee.due_days * 86_400_000).toISOString().slice(0, 10),
          debtor: { fiscalCode: fiscalCode ?? 'ANONIMO', fullName: fullName || 'ANONIMO' },
        }
      : {}),
  };
}

/**
 * To whom app IO updates go: a "yes" to the form's `io_consent` step, with the verified codice fiscale, else
 * the one the citizen gave in the form; none without both.
 */
function ioConsentOf(
  def: DialogDefinition,
  answers: Record<string, unknown>,
  identity: TicketIdentity | undefined,
): { fiscalCode: string } | undefined {
  const consent = def.steps.find((s) => s.io_consent && s.type === 'yes_no');
  if (!consent || answerOf(answers, consent.id) !== true) return undefined;
  const given = def.steps.find(
    (s) => s.type === 'codice_fiscale' && typeof answerOf(answers, s.id) === 'string',
  );
  const fiscalCode = identity?.fiscalNumber ?? (given ? String(answerOf(answers, given.id)) : undefined);
  return fiscalCode ? { fiscalCode } : undefined;
}
