import { format } from '../engine/texts';
import type { Choice, Lang, OutboundReply } from '../engine/types';
import { verifiedTag } from '../identity/identity-texts';
import { normalize } from '../shared/normalize';
import { formatAnswer } from './fields';
import { answerOf, applicableSteps, type FormData, isVerifiedAnswer } from './form-state';
import { FORM_VALUES } from './form-words';
import { pick } from './localized';
import type { DialogDefinition, Step } from './schema';
import { st } from './texts';
import { formatEuros } from './tickets/euros';
import type { Ticket } from './tickets/ticket';

/** The buttons under a form's summary: confirm, edit an answer, or cancel the request. */
export function confirmChoices(lang: Lang): Choice[] {
  return [
    { label: st(lang, 'confirm'), value: FORM_VALUES.confirm },
    { label: st(lang, 'edit'), value: FORM_VALUES.edit },
    { label: st(lang, 'cancel'), value: 'annulla' },
  ];
}

/** A form's summary before confirmation: every applicable answer (verified ones tagged) and the fee, if any. */
export function summaryReply(def: DialogDefinition, data: FormData, lang: Lang): OutboundReply {
  const intro = def.summary ? pick(def.summary, lang) : st(lang, 'summary');
  // A Markdown list: Web Chat shows it as one (a "•" line per answer would run on as one paragraph), and
  // Telegram and WhatsApp render it with a bullet per line.
  const lines = applicableSteps(def, data.answers).map((s) => {
    const value = formatAnswer(s, answerOf(data.answers, s.id), lang);
    const tag = isVerifiedAnswer(data, s.id) ? ` _(${verifiedTag(lang)})_` : '';
    return `- **${pick(s.label, lang)}**: ${value}${tag}`;
  });
  const fee = def.fee
    ? `\n\n${st(lang, 'feeSummary', { amount: formatEuros(def.fee.amount * 100, lang) })}`
    : '';
  return { text: `${intro}\n\n${lines.join('\n')}${fee}`, choices: confirmChoices(lang) };
}

/** One button per applicable step, to pick the answer to change. */
export function editChoices(def: DialogDefinition, data: FormData, lang: Lang): Choice[] {
  return applicableSteps(def, data.answers).map((s) => ({
    label: pick(s.label, lang),
    value: FORM_VALUES.editField(s.id),
  }));
}

/** The step to change: the pressed one (`pressedStep`), or by its number or label as typed; else undefined. */
export function editedStep(
  def: DialogDefinition,
  data: FormData,
  input: string,
  pressedStep?: string,
): Step | undefined {
  const steps = applicableSteps(def, data.answers);
  const folded = normalize(input);
  const byNumber = /^\d{1,2}$/.test(folded) ? steps[Number(folded) - 1]?.id : undefined;
  return steps.find(
    (s) =>
      s.id === (pressedStep ?? byNumber) ||
      normalize(pick(s.label, 'it')) === folded ||
      normalize(pick(s.label, 'en')) === folded,
  );
}

/** The reply to a stored request: the form's closing words with the protocol, how to pay, a status button. */
export function doneReply(def: DialogDefinition, ticket: Ticket, lang: Lang): OutboundReply {
  const done = def.done ? pick(def.done, lang) : st(lang, 'done');
  return {
    text: [done.replace(/\{protocol\}/g, ticket.protocol), feeText(def, ticket, lang)]
      .filter(Boolean)
      .join('\n\n'),
    choices: [{ label: st(lang, 'checkStatus'), value: `stato pratica ${ticket.protocol}` }],
  };
}

/** How the citizen pays the service's fee: the pagoPA notice on its way, or at the counter. */
function feeText(def: DialogDefinition, ticket: Ticket, lang: Lang): string | undefined {
  const payment = ticket.payment;
  if (!payment) return undefined;
  const vars = { amount: formatEuros(payment.amountCents, lang), protocol: ticket.protocol };
  if (payment.via === 'pagopa') return st(lang, 'feePagoPa', vars);
  const counter = def.fee?.counter;
  return counter ? format(pick(counter, lang), vars) : st(lang, 'feeCounter', vars);
}
