import { invalid, type Validation, valid } from './result';

/** Limits of a number field. */
export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Reads a number written the Italian way (`1.234,5`) or the English way (`1,234.5` / `1234.5`). */
export function parseNumber(input: string): number | undefined {
  let s = input.replace(/[\s€]/g, '');
  if (!/^[+-]?[\d.,]+$/.test(s) || !/\d/.test(s)) return undefined;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    s = /^[+-]?\d{1,3}(,\d{3}){2,}$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, ''); // "1.500" is one thousand five hundred in Italian
  }
  if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** Validates a number against its field's limits. */
export function validateNumber(input: string, rules: NumberRules = {}): Validation<number> {
  const n = parseNumber(input);
  if (n === undefined || !Number.isFinite(n)) return invalid('number_format');
  if (rules.integer && !Number.isInteger(n)) return invalid('number_integer');
  if (rules.min !== undefined && n < rules.min) return invalid('number_min', { min: rules.min });
  if (rules.max !== undefined && n > rules.max) return invalid('number_max', { max: rules.max });
  return valid(n);
}
