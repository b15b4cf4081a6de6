/**
 * Personal-data redaction for text that leaves the process (LLM prompts) or is kept for statistics (logs,
 * analytics): codice fiscale, IBAN, e-mail addresses and Italian phone numbers become placeholders.
 */

/** The placeholders {@link redactPii} writes, one per kind of personal data. */
export const PII_PLACEHOLDERS = {
  codiceFiscale: '[CODICE_FISCALE]',
  iban: '[IBAN]',
  email: '[EMAIL]',
  phone: '[TELEFONO]',
} as const;

// Omocodia replaces digits of a codice fiscale with the letters L M N P Q R S T U V, so both are accepted.
const D = '[0-9LMNPQRSTUV]';
const CODICE_FISCALE = new RegExp(`\\b[A-Z]{6}${D}{2}[A-EHLMPR-T]${D}{2}[A-Z]${D}{3}[A-Z]\\b`, 'gi');
// Country code and check digits, then 11–30 alphanumerics written compact or in groups of four
// (IT60 X054 2811 …); each group must hold a digit so a following word is never swallowed.
const IBAN = /\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: (?=[A-Z0-9]{0,3}\d)[A-Z0-9]{4}){2,7}(?: \d{1,3})?)\b/gi;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Mobile (3xx) and landline (0x) numbers, with optional +39/0039 and spaces, dots, dashes or slashes inside.
const PHONE =
  /(?<![\p{L}\p{N}])(?:(?:\+|00)39[\s.-]?)?(?:3\d{2}|0\d{1,3})(?:[\s./-]?\d){5,8}(?![\p{L}\p{N}])/gu;
const DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/;
/**
 * What every kind above needs: a digit, an `@`, or (a codice fiscale whose digits omocodia turned into letters)
 * 16 letters in a row. Text without any of them has nothing to redact, and most chat messages are such text.
 */
const MAY_HOLD_PII = /[0-9@]|[A-Z]{16}/i;

/**
 * Redacts personal data from free text: codice fiscale → `[CODICE_FISCALE]`, IBAN → `[IBAN]`, e-mail →
 * `[EMAIL]`, Italian phone numbers → `[TELEFONO]`. Dates such as 01/02/2024 are left alone.
 */
export function redactPii(text: string): string {
  if (!MAY_HOLD_PII.test(text)) return text;
  return text
    .replace(EMAIL, PII_PLACEHOLDERS.email)
    .replace(IBAN, (match) => (/\d{6}/.test(match.replace(/ /g, '')) ? PII_PLACEHOLDERS.iban : match))
    .replace(CODICE_FISCALE, PII_PLACEHOLDERS.codiceFiscale)
    .replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '');
      if (DATE.test(match) || digits.length < 6) return match;
      return PII_PLACEHOLDERS.phone;
    });
}

/** True when {@link redactPii} would change the text. */
export function containsPii(text: string): boolean {
  return redactPii(text) !== text;
}
