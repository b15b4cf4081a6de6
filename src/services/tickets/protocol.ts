/** A protocol number such as `ESE-2026-000123`: city code, year, six-digit sequence of that year. */
export const PROTOCOL_PATTERN = /\b([A-Z]{2,5})-(\d{4})-(\d{6})\b/;

/** Formats a protocol number from the city code, the year and the year's sequence number. */
export function formatProtocol(cityCode: string, year: string | number, n: number): string {
  return `${cityCode}-${year}-${String(n).padStart(6, '0')}`;
}

/** The year's sequence number of a protocol number (`ESE-2026-000123` → 123). */
export function sequenceOf(protocol: string): number {
  return Number(protocol.slice(-6));
}

/** Finds a protocol number in free text (case-insensitive, tolerant of spaces around dashes). */
export function findProtocol(text: string): string | undefined {
  const m = PROTOCOL_PATTERN.exec(text.toUpperCase().replace(/\s*[-–]\s*/g, '-'));
  return m ? m[0] : undefined;
}
