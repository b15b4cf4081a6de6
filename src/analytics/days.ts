import { localParts } from '../engine/calendar';

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone (the city hall's, e.g. `Europe/Rome`). */
export function dayOf(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date;
}

/** Every day from `from` to `to`, both included (at most 400, so a typo cannot allocate years). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T12:00:00Z`);
  const end = new Date(`${to}T12:00:00Z`);
  while (d <= end && out.length < 400) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** The day `n` days before `day`. */
export function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}
