import { menuValue, parseButtonValue } from '../engine/button-values';
import { localParts } from '../engine/calendar';
import type { TurnContext } from '../engine/turn-context';
import type { Choice, Lang, OutboundReply } from '../engine/types';
import {
  appointmentValue,
  type Calendar,
  calendarsOf,
  deskChoices,
  deskOfText,
  parseAppointment,
} from './appointments';
import type { Slots } from './field-types/date-type';
import { answerOf, type FormData } from './form-state';
import { FORM_VALUES } from './form-words';
import type { Step } from './schema';
import { parseSlotAnswer } from './slot-answer';
import { closedReason, type SlotBook, slotKey, slotLabel } from './slots';
import { reasonText, st } from './texts';

/** A form step of type `appointment`, as the dialog file's schema reads it. */
export type AppointmentField = Extract<Step, { type: 'appointment' }>;

/**
 * What the citizen's answer to an appointment question comes to: a free slot booked (the step's answer), a
 * desk chosen (ask again, now with its slots), a day's times to show, or nothing understood (the reason).
 */
export type AppointmentAnswer =
  | { kind: 'booked'; value: string }
  | { kind: 'desk' }
  | { kind: 'day'; reply: OutboundReply }
  | { kind: 'invalid'; reason: string };

/**
 * The calendar an appointment step books in now: its only one, or the desk the citizen chose; undefined
 * while a desk is still to be chosen.
 */
export function calendarFor(data: FormData, step: AppointmentField): Calendar | undefined {
  const calendars = calendarsOf(step);
  if (calendars.length <= 1) return calendars[0];
  const chosen = data.desks?.[step.id];
  return chosen === undefined ? undefined : calendars.find((c) => c.desk === chosen);
}

/** Chooses one of the step's desks (a pressed desk button); false when the step has no such desk. */
export function chooseDesk(data: FormData, step: AppointmentField, desk: string): boolean {
  if (!calendarsOf(step).some((c) => c.desk === desk)) return false;
  data.desks = { ...data.desks, [step.id]: desk };
  data.errors = 0;
  return true;
}

/** Forgets the desk chosen, so the desks are offered again; false when the step has a single calendar. */
export function forgetDesk(data: FormData, step: AppointmentField): boolean {
  if (calendarsOf(step).length < 2) return false;
  delete data.desks?.[step.id];
  return true;
}

/**
 * The appointment question of a form: offers the desks, then the free slots of the chosen calendar, and
 * reads the citizen's answer (a desk, a pressed slot, a day, a day and time).
 */
export class AppointmentQuestion {
  constructor(
    private readonly dialogId: string,
    private readonly slots: SlotBook,
  ) {}

  /**
   * The step's own buttons: its desks while none is chosen, else the free slots (all those of `day`, when
   * given) and, at one of several desks, a button to pick another desk.
   */
  async choices(ctx: TurnContext, data: FormData, step: AppointmentField, day?: string): Promise<Choice[]> {
    const calendar = calendarFor(data, step);
    if (!calendar) return deskChoices(step, ctx.lang);
    const free = await this.slots.free(
      this.dialogId,
      step.id,
      calendar,
      ctx.services.now(),
      day,
      day ? calendar.slots.times.length : undefined,
    );
    const choices: Choice[] = free.map((slot) => ({
      label: slotLabel(slot, ctx.lang),
      value: FORM_VALUES.slot(slot, calendar.desk),
    }));
    if (calendar.desk !== undefined)
      choices.push({ label: st(ctx.lang, 'otherDesk'), value: FORM_VALUES.desks });
    return choices;
  }

  /**
   * The line under the question ("choose a desk", "choose a time", "no free times") and the choices to show:
   * with no free slot an operator is offered instead.
   */
  offer(
    ctx: TurnContext,
    data: FormData,
    step: AppointmentField,
    choices: Choice[],
  ): { line: string; choices: Choice[] } {
    if (!calendarFor(data, step) && calendarsOf(step).length > 1)
      return { line: st(ctx.lang, 'deskOffer'), choices };
    if (!choices.some((c) => parseButtonValue(c.value)?.kind === 'form-slot'))
      return {
        line: st(ctx.lang, 'noSlots'),
        choices: [...choices, { label: ctx.t('menuOperator'), value: menuValue('operator') }],
      };
    return { line: st(ctx.lang, 'slotsOffer'), choices };
  }

  /**
   * Reads the answer: a desk typed while none is chosen, a pressed slot (of another desk too, from an older
   * message), or a slot or day typed. `choicesFor` gives the question's full choices, of one day if given.
   */
  async answer(
    ctx: TurnContext,
    data: FormData,
    step: AppointmentField,
    choicesFor: (day?: string) => Promise<Choice[]>,
  ): Promise<AppointmentAnswer> {
    const now = ctx.services.now();
    const pressed = parseButtonValue(ctx.input);
    // A pressed slot of another desk (an older message) books at that desk.
    if (
      pressed?.kind === 'form-slot' &&
      pressed.desk &&
      calendarsOf(step).some((c) => c.desk === pressed.desk)
    )
      data.desks = { ...data.desks, [step.id]: pressed.desk };
    const calendar = calendarFor(data, step);
    if (!calendar) {
      const desk = deskOfText(step, ctx.input);
      if (desk === undefined) return invalid(ctx.lang, 'desk_unknown');
      data.desks = { ...data.desks, [step.id]: desk };
      data.errors = 0;
      return { kind: 'desk' };
    }
    let { slot, day } = parseSlotAnswer(ctx.input, localParts(now, calendar.slots.timezone).date);
    if (slot) {
      if (await this.slots.isFree(this.dialogId, step.id, calendar, now, slot))
        return {
          kind: 'booked',
          value: appointmentValue({ slot, ...(calendar.desk ? { desk: calendar.desk } : {}) }),
        };
      day ??= slot.slice(0, 10);
    }
    if (day) return { kind: 'day', reply: await dayReply(ctx.lang, calendar.slots, day, choicesFor) };
    return invalid(ctx.lang, 'slot_unknown');
  }

  /** The applicable step whose booked slot is `key` (a {@link SlotTakenError}'s), to ask again; else undefined. */
  takenStep(steps: readonly Step[], answers: Record<string, unknown>, key: string): Step | undefined {
    return steps.find((s) => {
      const booked = s.type === 'appointment' ? parseAppointment(answerOf(answers, s.id)) : undefined;
      return booked !== undefined && key === slotKey(this.dialogId, s.id, booked.slot, booked.desk);
    });
  }
}

/** The refusal of an answer that is neither a desk nor a slot nor a day. */
function invalid(lang: Lang, reason: 'desk_unknown' | 'slot_unknown'): AppointmentAnswer {
  return { kind: 'invalid', reason: st(lang, 'invalid', { reason: reasonText(lang, reason) }) };
}

/** A day's free times, or why it has none: a holiday or a day off is named for what it is. */
async function dayReply(
  lang: Lang,
  slots: Slots,
  day: string,
  choicesFor: (day?: string) => Promise<Choice[]>,
): Promise<OutboundReply> {
  const free = await choicesFor(day);
  const label = slotLabel(`${day}T`, lang)
    .replace(/\s+\S*\s*$/, '')
    .trim();
  const has = free.some((c) => parseButtonValue(c.value)?.kind === 'form-slot');
  const closed = has ? undefined : closedReason(slots, day);
  const text = has
    ? st(lang, 'slotsOnDay', { day: label })
    : closed
      ? upperFirst(st(lang, closed === 'holiday' ? 'dayHoliday' : 'dayClosed', { day: label }))
      : st(lang, 'noSlotsOnDay', { day: label });
  return { text, choices: has ? free : await choicesFor() };
}

/** The sentence with its first letter in upper case ("martedì 08/12/2026 è festivo" starts a reply). */
function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
