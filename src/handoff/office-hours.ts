import { localParts } from '../engine/calendar';
import { OfficeHoursError } from './errors';
import { isoDate, italianHolidays } from './italian-holidays';

/** Opening ranges per weekday (0 = Sunday … 6 = Saturday), as `[startMinute, endMinute)` of the local day. */
export type WeeklyHours = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

/** When the office next opens, in its own time zone. */
export interface Opening {
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Local time, `HH:MM`. */
  time: string;
  /** Whole days from today (0 = today, 1 = tomorrow). */
  daysAhead: number;
}

const DAY_NAMES: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  dom: 0,
  lun: 1,
  mar: 2,
  mer: 3,
  gio: 4,
  ven: 5,
  sab: 6,
};

function parseDay(name: string, spec: string): number {
  const day = DAY_NAMES[name.slice(0, 3).toLowerCase()];
  if (day === undefined)
    throw new OfficeHoursError(spec, `OFFICE_HOURS: unknown day "${name}" (use mon…sun)`);
  return day;
}

function parseTime(text: string, spec: string): number {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60)
    throw new OfficeHoursError(spec, `OFFICE_HOURS: "${text}" is not a time like 08:30`);
  return minutes;
}

/** True for an `OFFICE_HOURS` of `always` (`sempre`, `24/7`): staffed every day, holidays included. */
export function isAlwaysOpen(spec: string): boolean {
  return /^\s*(always|sempre|24\/7)\s*$/i.test(spec);
}

/**
 * Parses an `OFFICE_HOURS` value such as `mon-fri 08:30-12:30; tue,thu 14:30-17:00; sat 09:00-12:00`
 * (Italian day names `lun…dom` work too; `always` means always open). Throws {@link OfficeHoursError}.
 */
export function parseOfficeHours(spec: string): WeeklyHours {
  const week: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  if (isAlwaysOpen(spec)) {
    for (const day of week) day.push([0, 24 * 60]);
    return week;
  }
  for (const group of spec
    .split(';')
    .map((g) => g.trim())
    .filter(Boolean)) {
    const [daysPart, rangesPart, ...rest] = group.split(/\s+/);
    if (!daysPart || !rangesPart || rest.length > 0)
      throw new OfficeHoursError(spec, `OFFICE_HOURS: "${group}" should look like "mon-fri 08:30-12:30"`);
    const days = new Set<number>();
    for (const item of daysPart.split(',')) {
      const [from, to] = item.split('-');
      const start = parseDay(from ?? '', spec);
      const end = to === undefined ? start : parseDay(to, spec);
      for (let d = start; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === end) break;
      }
    }
    for (const range of rangesPart.split(',')) {
      const [from, to, ...extra] = range.split('-');
      const start = parseTime(from ?? '', spec);
      const end = parseTime(to ?? '', spec);
      if (extra.length > 0 || end <= start)
        throw new OfficeHoursError(spec, `OFFICE_HOURS: "${range}" must be a range like 08:30-12:30`);
      for (const d of days) week[d]?.push([start, end]);
    }
  }
  for (const day of week) day.sort((a, b) => a[0] - b[0]);
  return week;
}

/** Holidays from `OFFICE_HOLIDAYS`: exact dates (`2025-12-24`) and yearly ones (`12-07`, the patron saint). */
export interface ExtraHolidays {
  dates: ReadonlySet<string>;
  yearly: ReadonlySet<string>;
}

/** Parses a comma-separated `OFFICE_HOLIDAYS` value. Throws {@link OfficeHoursError}. */
export function parseHolidays(spec: string): ExtraHolidays {
  const dates = new Set<string>();
  const yearly = new Set<string>();
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(item);
    const month = Number(m?.[2]);
    const day = Number(m?.[3]);
    if (!m || month < 1 || month > 12 || day < 1 || day > 31)
      throw new OfficeHoursError(spec, `OFFICE_HOLIDAYS: "${item}" is not a date like 2025-12-24 or 12-07`);
    if (m[1]) dates.add(item);
    else yearly.add(item);
  }
  return { dates, yearly };
}

/** Throws {@link OfficeHoursError} unless the IANA time zone is known to this Node build. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new OfficeHoursError(timeZone, `OFFICE_TIMEZONE: unknown time zone "${timeZone}"`);
  }
}

/** Settings of {@link OfficeHours}, as found in the configuration. */
export interface OfficeHoursOptions {
  /** `OFFICE_HOURS`. */
  hours: string;
  /** `OFFICE_HOLIDAYS`. */
  holidays?: string;
  /** `OFFICE_TIMEZONE`, default `Europe/Rome`. */
  timeZone?: string;
}

/**
 * The front office's opening hours: weekly ranges, minus Italian national holidays and local ones, in the
 * office's time zone (so the answer is right whatever the server's clock zone is).
 */
export class OfficeHours {
  private readonly week: WeeklyHours;
  private readonly extra: ExtraHolidays;
  private readonly timeZone: string;
  private readonly national = new Map<number, Set<string>>();
  /** `always`: staffed round the clock, on holidays too. */
  private readonly always: boolean;

  constructor(options: OfficeHoursOptions) {
    const timeZone = options.timeZone ?? 'Europe/Rome';
    checkTimeZone(timeZone);
    this.week = parseOfficeHours(options.hours);
    this.always = isAlwaysOpen(options.hours);
    this.extra = parseHolidays(options.holidays ?? '');
    this.timeZone = timeZone;
  }

  /** The weekly opening ranges, Sunday first (holidays aside). */
  get weekly(): WeeklyHours {
    return this.week;
  }

  /** True when the office is open at that instant. */
  isOpen(at: Date): boolean {
    const local = this.local(at);
    const date = isoDate(local.year, local.month, local.day);
    const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
    return (
      !this.closedAllDay(date) &&
      (this.week[weekday] ?? []).some(([start, end]) => local.minutes >= start && local.minutes < end)
    );
  }

  /** True when the date (`YYYY-MM-DD`) is a national or configured holiday. */
  isHoliday(date: string): boolean {
    const year = Number(date.slice(0, 4));
    let national = this.national.get(year);
    if (!national) {
      national = italianHolidays(year);
      this.national.set(year, national);
    }
    return national.has(date) || this.extra.dates.has(date) || this.extra.yearly.has(date.slice(5));
  }

  /** True when a holiday closes the office for the whole date (never for an always-staffed one). */
  private closedAllDay(date: string): boolean {
    return !this.always && this.isHoliday(date);
  }

  /**
   * When the office opens next, looking up to a year ahead; the current instant when it is open now.
   * `undefined` when no opening hours are configured at all.
   */
  nextOpening(at: Date): Opening | undefined {
    const local = this.local(at);
    for (let ahead = 0; ahead <= 370; ahead++) {
      const day = new Date(Date.UTC(local.year, local.month - 1, local.day + ahead));
      const date = isoDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
      if (this.closedAllDay(date)) continue;
      const weekday = day.getUTCDay();
      for (const [start, end] of this.week[weekday] ?? []) {
        if (ahead === 0 && end <= local.minutes) continue;
        const minute = ahead === 0 ? Math.max(start, local.minutes) : start;
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        return { date, weekday, time, daysAhead: ahead };
      }
    }
    return undefined;
  }

  private local(at: Date): { year: number; month: number; day: number; minutes: number } {
    const { date, time } = localParts(at, this.timeZone);
    const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
    const [hour = 0, minute = 0] = time.split(':').map(Number);
    return { year, month, day, minutes: hour * 60 + minute };
  }
}
