import { invalid, type Validation, valid } from './result';

/** IBAN length by country (SEPA area and neighbours), from the SWIFT IBAN registry. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
  AL: 28,
  BA: 20,
  ME: 22,
  MK: 19,
  RS: 22,
  TR: 26,
  UA: 29,
  MD: 24,
  AE: 23,
  BR: 29,
  IL: 23,
  SA: 24,
  TN: 24,
};

/** The ISO 13616 mod-97 remainder of an IBAN (1 for a valid one); letters count as 10..35. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const v = c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    remainder = (v > 9 ? remainder * 100 + v : remainder * 10 + v) % 97;
  }
  return remainder;
}

/** The two check digits that make `country + '00' + bban` a valid IBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const r = ibanMod97(`${country}00${bban}`);
  return String(98 - r).padStart(2, '0');
}

/** Weights of a character in an odd position of the Italian CIN computation (A or 0 first, Z last). */
const CIN_ODD = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/**
 * The Italian (and San Marino) CIN control letter of a BBAN's ABI, CAB and account number (22 characters):
 * odd positions weigh by the CIN table, even ones by their rank, and the sum modulo 26 is the letter.
 */
export function italianCin(abiCabAccount: string): string {
  let sum = 0;
  for (let i = 0; i < abiCabAccount.length; i++) {
    const c = abiCabAccount.charAt(i);
    const rank = c >= 'A' ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 48;
    sum += i % 2 === 0 ? (CIN_ODD[rank] ?? 0) : rank;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/**
 * Validates an IBAN: known country and its length (Italy 27), Italian BBAN layout (CIN letter, ABI, CAB, 12
 * account characters) and its CIN control letter, and the mod-97 check. `countries` limits the accepted countries (e.g. `['IT', 'SM']`).
 * The value is upper case without spaces.
 */
export function validateIban(input: string, countries?: readonly string[]): Validation<string> {
  const iban = input.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return invalid('iban_format');
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (!length || (countries && !countries.includes(country))) return invalid('iban_country', { country });
  if (iban.length !== length) return invalid('iban_length', { country, length, got: iban.length });
  if ((country === 'IT' || country === 'SM') && !/^[A-Z]\d{10}[A-Z0-9]{12}$/.test(iban.slice(4))) {
    return invalid('iban_format');
  }
  if (ibanMod97(iban) !== 1) return invalid('iban_checksum');
  // The mod-97 digits are computed over the CIN too, so a wrong CIN with recomputed digits passes mod-97.
  if ((country === 'IT' || country === 'SM') && italianCin(iban.slice(5)) !== iban.charAt(4)) {
    return invalid('iban_cin');
  }
  return valid(iban);
}

/** An IBAN in groups of four characters, as printed on bank statements. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
