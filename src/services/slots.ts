import { localParts } from '../engine/calendar';
import type { Lang } from '../engine/types';
import { italianHolidays } from '../handoff/italian-holidays';
import type { Storage } from '../storage/storage';
import type { Slots } from './schema';
import { st } from './texts';
import { addDays, formatDateIt, weekdayName, weekdayOf } from './validators/date';

/** Storage collection counting bookings per appointment slot. */
export const SLOT_BOOKINGS = 'appointment-slots';

/** A booking counter document. */
export interface SlotBooking {
  count: number;
  protocols: string[];
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The storage key of one slot (`YYYY-MM-DDTHH:MM`) of a dialog's date field. */
export function slotKey(dialogId: string, fieldId: string, slot: string): string {
  return `${dialogId}:${fieldId}:${slot}`;
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
    slots: Slots,
    now: Date,
    day?: string,
    limit = slots.offer,
  ): Promise<string[]> {
    const taken = new Map<string, number>();
    const prefix = slotKey(dialogId, fieldId, '');
    for (const { key, value } of await this.storage.list<SlotBooking>(SLOT_BOOKINGS, { prefix })) {
      taken.set(key.slice(prefix.length), value.count);
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
  async isFree(dialogId: string, fieldId: string, slots: Slots, now: Date, slot: string): Promise<boolean> {
    const day = slot.slice(0, 10);
    return (await this.free(dialogId, fieldId, slots, now, day, slots.times.length)).includes(slot);
  }
}
