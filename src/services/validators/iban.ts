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

/**
 * Validates an IBAN: known country and its length (Italy 27), Italian BBAN layout (CIN letter, ABI, CAB, 12
 * account characters), and the mod-97 check. `countries` limits the accepted countries (e.g. `['IT', 'SM']`).
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
  return valid(iban);
}

/** An IBAN in groups of four characters, as printed on bank statements. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
