import { invalid, type Validation, valid } from './result';

/** Letters that replace the digits 0–9 in an omocode codice fiscale (omocodia). */
export const OMOCODE_LETTERS = 'LMNPQRSTUV';
/** Positions (0-based) holding digits that the Agenzia delle Entrate may replace with omocode letters. */
export const OMOCODE_POSITIONS: readonly number[] = [6, 7, 9, 10, 12, 13, 14];
const MONTH_LETTERS = 'ABCDEHLMPRST';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Values of characters in odd positions (1st, 3rd…), indexed A..Z; digits 0..9 use the first ten.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const LETTER_POSITIONS = new Set([0, 1, 2, 3, 4, 5, 8, 11, 15]);

function code(c: string): number {
  return c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
}

/** The check character (16th) of the first 15 characters of a codice fiscale, which must be upper case. */
export function codiceFiscaleCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = code(body.charAt(i));
    sum += i % 2 === 0 ? (ODD[v] ?? 0) : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Turns omocode letters back into digits, e.g. `RSSMRALPT41H501F` → `RSSMRA80T41H501F` (check char kept). */
export function decodeOmocodia(cf: string): string {
  const chars = cf.split('');
  for (const i of OMOCODE_POSITIONS) {
    const c = chars[i] ?? '';
    const d = OMOCODE_LETTERS.indexOf(c);
    if (d >= 0) chars[i] = String(d);
  }
  return chars.join('');
}

/**
 * Validates an Italian codice fiscale of a person: 16 characters, letters and digits in their places (digits
 * may be omocode letters), a real month and day, and the check character. Normalises to upper case without
 * spaces.
 */
export function validateCodiceFiscale(input: string): Validation<string> {
  const cf = input.replace(/[\s.-]/g, '').toUpperCase();
  if (cf.length !== 16) return invalid('cf_length', { length: cf.length });
  for (let i = 0; i < 16; i++) {
    const c = cf.charAt(i);
    const ok = LETTER_POSITIONS.has(i)
      ? c >= 'A' && c <= 'Z'
      : (c >= '0' && c <= '9') || OMOCODE_LETTERS.includes(c);
    if (!ok) return invalid('cf_format');
  }
  const plain = decodeOmocodia(cf);
  const month = MONTH_LETTERS.indexOf(cf.charAt(8));
  const dayField = Number(plain.slice(9, 11));
  const day = dayField > 40 ? dayField - 40 : dayField;
  const year = Number(plain.slice(6, 8));
  const maxDay = month === 1 && year % 4 !== 0 ? 28 : (DAYS_IN_MONTH[month] ?? 0);
  if (month < 0 || day < 1 || day > maxDay) return invalid('cf_date');
  if (codiceFiscaleCheckChar(cf) !== cf.charAt(15)) return invalid('cf_checksum');
  return valid(cf);
}
