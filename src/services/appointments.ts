import { buttonValue } from '../engine/button-values';
import type { Choice, Lang } from '../engine/types';
import { normalize } from '../shared/normalize';
import type { Desk, Slots } from './field-types/date-type';
import type { Localized } from './field-types/step-base';
import { pick } from './localized';
import { slotLabel } from './slots';

/** What an appointment step of a dialog file books in: one `slots:` calendar or several `desks:`. */
export interface AppointmentStep {
  slots?: Slots | undefined;
  desks?: Desk[] | undefined;
}

/**
 * One calendar an appointment step books in: the step's single `slots:` calendar (no desk), or one of its
 * `desks:`, each with its own weekdays, times, capacity and closed days.
 */
export interface Calendar {
  /** The desk's id; undefined for a step's single `slots:` calendar. */
  desk?: string;
  label?: Localized;
  slots: Slots;
}

/** A stored appointment answer read back: the slot `YYYY-MM-DDTHH:MM` and the desk it is at, if any. */
export interface Appointment {
  desk?: string;
  slot: string;
}

const SLOT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DESK = /^[a-z0-9_-]+$/;

/** The calendars of an appointment step: its desks, or its single `slots:` calendar; none when it has neither. */
export function calendarsOf(step: AppointmentStep): Calendar[] {
  if (step.desks?.length) return step.desks.map((d) => ({ desk: d.id, label: d.label, slots: d }));
  return step.slots ? [{ slots: step.slots }] : [];
}

/** The calendar of a desk (undefined: the single calendar), or undefined when the step has no such desk. */
export function calendarOf(step: AppointmentStep, desk: string | undefined): Calendar | undefined {
  return calendarsOf(step).find((c) => c.desk === desk);
}

/** The answer stored for an appointment: `YYYY-MM-DDTHH:MM`, or `desk@YYYY-MM-DDTHH:MM` at one of several desks. */
export function appointmentValue(appointment: Appointment): string {
  return appointment.desk ? `${appointment.desk}@${appointment.slot}` : appointment.slot;
}

/** Reads an answer made by {@link appointmentValue}; undefined for anything else. */
export function parseAppointment(value: unknown): Appointment | undefined {
  if (typeof value !== 'string') return undefined;
  const at = value.indexOf('@');
  const slot = at === -1 ? value : value.slice(at + 1);
  const desk = at === -1 ? undefined : value.slice(0, at);
  if (!SLOT.test(slot) || (desk !== undefined && !DESK.test(desk))) return undefined;
  return desk ? { desk, slot } : { slot };
}

/** An appointment as the citizen reads it: "Stato civile, martedì 24/11/2026 ore 09:30". */
export function appointmentLabel(step: AppointmentStep | undefined, value: unknown, lang: Lang): string {
  const appointment = parseAppointment(value);
  if (!appointment) return String(value);
  const when = slotLabel(appointment.slot, lang);
  const desk = step && appointment.desk ? calendarOf(step, appointment.desk)?.label : undefined;
  return desk ? `${pick(desk, lang)}, ${when}` : when;
}

/** The buttons of an appointment step's desks, in the order the dialog file lists them. */
export function deskChoices(step: AppointmentStep, lang: Lang): Choice[] {
  return (step.desks ?? []).map((d) => ({
    label: pick(d.label, lang),
    value: buttonValue({ kind: 'form-desk', desk: d.id }),
  }));
}

/** The desk a citizen typed: its label in either language, its id, or its number in the list; else undefined. */
export function deskOfText(step: AppointmentStep, text: string): string | undefined {
  const folded = normalize(text);
  if (!folded) return undefined;
  const desks = step.desks ?? [];
  const byNumber = /^\d{1,2}$/.test(folded) ? desks[Number(folded) - 1] : undefined;
  return (
    byNumber ??
    desks.find(
      (d) =>
        d.id === folded ||
        normalize(pick(d.label, 'it')) === folded ||
        normalize(pick(d.label, 'en')) === folded,
    )
  )?.id;
}
