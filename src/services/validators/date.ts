import { MONTH_NAMES, WEEKDAY_NAMES } from '../../engine/calendar';
import { normalize } from '../../shared/normalize';
import { invalid, type Validation, valid } from './result';

/** Limits of a date field: `today`, `+Nd`/`-Nd` from today, or an ISO date. */
export interface DateRules {
  min?: string;
  max?: string;
}

// Matching works on folded text (no accents, lower case), so the names shown to citizens are folded once here.
const IT_MONTHS = MONTH_NAMES.it.map(normalize);
const EN_MONTHS = MONTH_NAMES.en.map(normalize);
const IT_DAYS = WEEKDAY_NAMES.it.map(normalize);
const EN_DAYS = WEEKDAY_NAMES.en.map(normalize);
// A Map, not an object: a citizen's word is looked up here, and every object answers "constructor".
const RELATIVE = new Map<string, number>([
  ['oggi', 0],
  ['today', 0],
  ['domani', 1],
  ['tomorrow', 1],
  ['dopodomani', 2],
  ['day after tomorrow', 2],
  ['ieri', -1],
  ['yesterday', -1],
  ['l altro ieri', -2],
  ['altroieri', -2],
]);

/** An ISO date `YYYY-MM-DD` for a year, month (1–12) and day, or `undefined` when no such day exists. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return d.toISOString().slice(0, 10);
}

/** The ISO date `days` after (or before, when negative) an ISO date. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The weekday of an ISO date, 0 = Sunday. */
export function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

function monthIndex(word: string): number {
  // Full names or abbreviations of at least three letters ("dic", "sept").
  const matches = (m: string) => word.length >= 3 && m.startsWith(word);
  const i = IT_MONTHS.findIndex(matches);
  if (i >= 0) return i + 1;
  const e = EN_MONTHS.findIndex(matches);
  return e >= 0 ? e + 1 : 0;
}

function fullYear(y: string | undefined, today: string): number {
  if (y === undefined) return Number(today.slice(0, 4));
  const n = Number(y);
  return y.length === 2 ? (n + 2000 > Number(today.slice(0, 4)) + 20 ? 1900 + n : 2000 + n) : n;
}

/**
 * Reads a date the way citizens write it, in Italian or English: `25/12/2026`, `25-12-26`, `25.12`,
 * `2026-12-25`, `25 dicembre 2026`, `December 25, 2026`, `oggi`, `domani`, `dopodomani`, `tra 3 giorni`,
 * `lunedì` / `next monday` (the next such day after today). `today` is the ISO date of today in the city.
 */
export function parseDate(input: string, today: string): string | undefined {
  const text = normalize(input.replace(/(\d)[/.](\d)/g, '$1-$2'));
  const t = text.replace(/-/g, ' ').trim();
  const relative = RELATIVE.get(t);
  if (relative !== undefined) return addDays(today, relative);
  const rel = /^(?:tra|fra|in) (\d{1,3}) (?:giorni|giorno|days|day)$/.exec(t);
  if (rel) return addDays(today, Number(rel[1]));
  const day = /^(?:(?:il|la|prossimo|prossima|questo|next|this|on) )?(\w+)(?: (?:prossimo|prossima))?$/.exec(
    t,
  );
  const dayWord = day?.[1] ?? '';
  const wd = Math.max(
    IT_DAYS.indexOf(dayWord),
    EN_DAYS.indexOf(dayWord),
    IT_DAYS.findIndex((d) => dayWord.length >= 3 && d.startsWith(dayWord)),
  );
  if (day && wd >= 0) {
    const delta = (wd - weekdayOf(today) + 7) % 7 || 7;
    return addDays(today, delta);
  }
  const raw = input.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(raw);
  if (m) return isoDate(fullYear(m[3], today), Number(m[2]), Number(m[1]));
  // "25 dicembre 2026", "il 3 marzo", "25th of December 2026"
  m = /^(?:(?:il|on|the) )?(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+)(?: (\d{4}))?$/.exec(t);
  if (m && monthIndex(m[2] ?? ''))
    return isoDate(fullYear(m[3], today), monthIndex(m[2] ?? ''), Number(m[1]));
  // "December 25 2026", "march 3"
  m = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(t);
  if (m && monthIndex(m[1] ?? ''))
    return isoDate(fullYear(m[3], today), monthIndex(m[1] ?? ''), Number(m[2]));
  return undefined;
}

/** Resolves a limit (`today`, `+30d`, `-1d`, `2026-01-31`) to an ISO date. */
export function resolveDateLimit(limit: string, today: string): string {
  if (limit === 'today') return today;
  const m = /^([+-]\d+)d$/.exec(limit);
  return m ? addDays(today, Number(m[1])) : limit;
}

/** Validates a date answer and its limits; the value is the ISO date. */
export function validateDate(input: string, today: string, rules: DateRules = {}): Validation<string> {
  const date = parseDate(input, today);
  if (!date) return invalid('date_format');
  if (rules.min && date < resolveDateLimit(rules.min, today)) {
    return invalid('date_min', { min: formatDateIt(resolveDateLimit(rules.min, today)) });
  }
  if (rules.max && date > resolveDateLimit(rules.max, today)) {
    return invalid('date_max', { max: formatDateIt(resolveDateLimit(rules.max, today)) });
  }
  return valid(date);
}

/** An ISO date as `gg/mm/aaaa`. */
export function formatDateIt(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The Italian or English name of the weekday of an ISO date. */
export function weekdayName(iso: string, lang: 'it' | 'en'): string {
  return WEEKDAY_NAMES[lang][weekdayOf(iso)] ?? '';
}
