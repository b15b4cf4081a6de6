import { z } from 'zod';
import { appointmentLabel } from '../appointments';
import { formatDateIt, validateDate } from '../validators/date';
import { invalid } from '../validators/result';
import { defineFieldType, type LintProblem } from './field-type';
import { localizedSchema } from './step-base';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const dateLimit = z
  .string()
  .regex(/^(today|[+-]\d+d|\d{4}-\d{2}-\d{2})$/, 'must be today, +Nd, -Nd or YYYY-MM-DD');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** Bookable appointment slots of a `date` field: which weekdays and times, and how many people per slot. */
export const slotsSchema = z.strictObject({
  weekdays: z.array(weekday).min(1),
  times: z.array(time).min(1),
  /** Citizens per slot (e.g. number of open desks). */
  capacity: z.number().int().min(1).default(1),
  /** How many days ahead can be booked. */
  horizonDays: z.number().int().min(1).max(366).default(30),
  /** Minimum hours between booking and appointment. */
  minNoticeHours: z.number().min(0).default(2),
  /** Closed days (holidays), ISO dates. */
  closed: z.array(isoDate).default([]),
  timezone: z.string().default('Europe/Rome'),
  /** How many free slots to offer as buttons. */
  offer: z.number().int().min(1).max(12).default(6),
});
/** Parsed {@link slotsSchema}. */
export type Slots = z.infer<typeof slotsSchema>;

/**
 * One desk (service counter) of an appointment field with its own calendar: what {@link slotsSchema} has, plus
 * the id kept with the booking and the label the citizen picks it by.
 */
export const deskSchema = slotsSchema.extend({
  id: z.string().regex(/^[a-z0-9_-]+$/, 'must be lower case letters, digits, - or _'),
  label: localizedSchema,
});
/** Parsed {@link deskSchema}. */
export type Desk = z.infer<typeof deskSchema>;

/** A date, optionally within limits (`today`, `+30d`, an ISO date). */
export const dateField = defineFieldType({
  type: 'date',
  keys: { min: dateLimit.optional(), max: dateLimit.optional() },
  validate: (input, step, { today }) => validateDate(input, today, step),
  format: (value) => formatDateIt(String(value)),
});

/**
 * An appointment: the form offers the free times of the `slots` calendar as buttons (or, with `desks`, first
 * asks which desk, then offers that desk's times), reads a day or a day and time typed, names a holiday or
 * closed day for what it is, and books a place in the slot atomically with the ticket (src/services/slots.ts).
 * Checking a slot needs storage, so the form does it, not `validate`.
 */
export const appointmentField = defineFieldType({
  type: 'appointment',
  keys: { slots: slotsSchema.optional(), desks: z.array(deskSchema).min(1).optional() },
  validate: () => invalid('slot_unknown'),
  format: (value, step, lang) => appointmentLabel(step, value, lang),
  lint(step) {
    const problems: LintProblem[] = [];
    if (!step.slots === !step.desks)
      problems.push({ path: ['slots'], reason: 'an appointment needs either "slots" or "desks", not both' });
    const seen = new Set<string>();
    for (const [i, desk] of (step.desks ?? []).entries()) {
      if (seen.has(desk.id))
        problems.push({ path: ['desks', i, 'id'], reason: `desk "${desk.id}" is listed twice` });
      seen.add(desk.id);
      problems.push(...timezoneProblems(desk.timezone, ['desks', i, 'timezone']));
    }
    if (step.slots) problems.push(...timezoneProblems(step.slots.timezone, ['slots', 'timezone']));
    return problems;
  },
});

function timezoneProblems(timeZone: string, path: LintProblem['path']): LintProblem[] {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return [];
  } catch {
    return [{ path, reason: `unknown time zone "${timeZone}"` }];
  }
}
