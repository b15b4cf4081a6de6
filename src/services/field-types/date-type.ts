import { z } from 'zod';
import { slotLabel } from '../slots';
import { formatDateIt, validateDate } from '../validators/date';
import { defineFieldType } from './field-type';

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
 * A date, optionally within limits. With `slots` it is an appointment: the form offers the free times and
 * books one atomically when the request is confirmed (src/services/slots.ts).
 */
export const dateField = defineFieldType({
  type: 'date',
  keys: { min: dateLimit.optional(), max: dateLimit.optional(), slots: slotsSchema.optional() },
  // Appointment slots are checked by the form, which needs storage; a plain date here.
  validate: (input, step, { today }) => validateDate(input, today, step),
  format: (value, step, lang) => (step.slots ? slotLabel(String(value), lang) : formatDateIt(String(value))),
  lint(step) {
    if (!step.slots) return [];
    try {
      new Intl.DateTimeFormat('en', { timeZone: step.slots.timezone });
      return [];
    } catch {
      return [{ path: ['slots', 'timezone'], reason: `unknown time zone "${step.slots.timezone}"` }];
    }
  },
});
