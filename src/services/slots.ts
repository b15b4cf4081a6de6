import { localParts } from '../engine/calendar';
import type { Lang } from '../engine/types';
import { italianHolidays } from '../handoff/italian-holidays';
import type { Storage } from '../storage/storage';
import type { Slots } from './schema';
import { st } from './texts';
import { addDays, formatDateIt, weekdayName, weekdayOf } from './validators/date';

/**
 * Storage collection of appointment bookings: one document per place taken, `<slot key>#<n>` with n from 1
 * to the slot's capacity, created with a conditional insert so two citizens can never hold the same place.
 */
export const SLOT_BOOKINGS = 'appointment-slots';

/** One place taken in a slot: who holds it. */
export interface SlotPlace {
  protocol: string;
}

/** A booking counter of releases before places existed (`<slot key>` itself): still counted, never written anew. */
export interface SlotBooking {
  count: number;
  protocols: string[];
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The key prefix of one calendar: a dialog's appointment field, or one desk of it. */
export function calendarKey(dialogId: string, fieldId: string, desk?: string): string {
  return desk ? `${dialogId}:${fieldId}@${desk}` : `${dialogId}:${fieldId}`;
}

/** The storage key of one slot (`YYYY-MM-DDTHH:MM`) of a dialog's appointment field, at a desk if given. */
export function slotKey(dialogId: string, fieldId: string, slot: string, desk?: string): string {
  return `${calendarKey(dialogId, fieldId, desk)}:${slot}`;
}

/** The key of place `n` (1 to capacity) of a slot. */
export function placeKey(key: string, n: number): string {
  return `${key}#${n}`;
}

/** The slot key a place key belongs to, or the key itself when it is a counter of old. */
export function slotOfPlace(key: string): string {
  const hash = key.lastIndexOf('#');
  return hash === -1 ? key : key.slice(0, hash);
}

/** How many places of a slot are taken, and which place numbers; counts an old counter document too. */
export async function takenPlaces(
  storage: Storage,
  key: string,
): Promise<{ count: number; places: Set<number> }> {
  const places = new Set<number>();
  for (const { key: k } of await storage.list<SlotPlace>(SLOT_BOOKINGS, { prefix: `${key}#` }))
    places.add(Number(k.slice(key.length + 1)));
  const legacy = (await storage.get<SlotBooking>(SLOT_BOOKINGS, key))?.count ?? 0;
  return { count: places.size + legacy, places };
}

/** A slot as the citizen reads it, e.g. "martedì 24/11/2026 ore 09:30". */
export function slotLabel(slot: string, lang: Lang): string {
  const [date = '', time = ''] = slot.split('T');
  return st(lang, 'slotLabel', { weekday: weekdayName(date, lang), date: formatDateIt(date), time });
}

/** Why the office takes no appointment on a day: a national holiday, a configured closed day, or a weekday off. */
export type ClosedReason = 'holiday' | 'closed' | 'weekday';

/** Why a day has no appointment slots at all, or undefined when it is a working day (maybe fully booked). */
export function closedReason(slots: Slots, date: string): ClosedReason | undefined {
  if (italianHolidays(Number(date.slice(0, 4))).has(date)) return 'holiday';
  if (slots.closed.includes(date)) return 'closed';
  if (!slots.weekdays.includes(WEEKDAYS[weekdayOf(date)] ?? 'sun')) return 'weekday';
  return undefined;
}

/**
 * The bookable appointment slots of a form's date field: every configured weekday and time within the
 * horizon, after the minimum notice, not on closed days or national holidays, with fewer bookings than the
 * capacity.
 */
export class SlotBook {
  constructor(private readonly storage: Storage) {}

  /** Slots (`YYYY-MM-DDTHH:MM`) still free, in time order; only on `day` when given. */
  async free(
    dialogId: string,
    fieldId: string,
    calendar: { desk?: string; slots: Slots },
    now: Date,
    day?: string,
    limit = calendar.slots.offer,
  ): Promise<string[]> {
    const { slots } = calendar;
    const taken = new Map<string, number>();
    const prefix = `${calendarKey(dialogId, fieldId, calendar.desk)}:`;
    for (const { key, value } of await this.storage.list<SlotPlace | SlotBooking>(SLOT_BOOKINGS, {
      prefix,
    })) {
      const slot = slotOfPlace(key.slice(prefix.length));
      const n = 'count' in value ? value.count : 1;
      taken.set(slot, (taken.get(slot) ?? 0) + n);
    }
    const today = localParts(now, slots.timezone).date;
    const earliest = localParts(new Date(now.getTime() + slots.minNoticeHours * 3_600_000), slots.timezone);
    const times = [...slots.times].sort();
    const out: string[] = [];
    for (let i = 0; i <= slots.horizonDays && out.length < limit; i++) {
      const date = addDays(today, i);
      if (day && date !== day) continue;
      if (closedReason(slots, date)) continue;
      for (const time of times) {
        if (date < earliest.date || (date === earliest.date && time < earliest.time)) continue;
        const slot = `${date}T${time}`;
        if ((taken.get(slot) ?? 0) < slots.capacity) out.push(slot);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /** True when the slot is offered by the configuration and still has room. */
  async isFree(
    dialogId: string,
    fieldId: string,
    calendar: { desk?: string; slots: Slots },
    now: Date,
    slot: string,
  ): Promise<boolean> {
    const day = slot.slice(0, 10);
    return (await this.free(dialogId, fieldId, calendar, now, day, calendar.slots.times.length)).includes(
      slot,
    );
  }
}
