/**
 * The Italian national public holidays, when every city hall office is closed. Local holidays (the patron
 * saint) come from `OFFICE_HOLIDAYS`.
 */

/** Easter Sunday of a Gregorian year as `{ month, day }` (month 1–12), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats a calendar date as `YYYY-MM-DD`. */
export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The national holidays of a year as `YYYY-MM-DD` dates: New Year, Epiphany, Easter Sunday and Monday,
 * Liberation Day, Labour Day, Republic Day, Ferragosto, All Saints, Immaculate Conception, Christmas,
 * St Stephen, and St Francis (4 October, a national holiday again from 2026 by law 151/2025).
 */
export function italianHolidays(year: number): Set<string> {
  const fixed = ['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26'];
  if (year >= 2026) fixed.push('10-04');
  const dates = new Set(fixed.map((md) => `${year}-${md}`));
  const easter = easterSunday(year);
  dates.add(isoDate(year, easter.month, easter.day));
  // Easter Monday: the day after, computed in UTC so month ends roll over correctly.
  const monday = new Date(Date.UTC(year, easter.month - 1, easter.day + 1));
  dates.add(isoDate(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate()));
  return dates;
}
