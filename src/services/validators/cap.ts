import { invalid, type Validation, valid } from './result';

/**
 * Validates an Italian postal code (CAP): five digits between 00010 (Roma) and 98168 (Messina). `prefixes`
 * optionally limits it to a province, e.g. `['40']` for Bologna.
 */
export function validateCap(input: string, prefixes?: readonly string[]): Validation<string> {
  const cap = input.replace(/\s/g, '');
  if (!/^\d{5}$/.test(cap)) return invalid('cap_format');
  const n = Number(cap);
  if (n < 10 || n > 98168) return invalid('cap_range');
  if (prefixes && !prefixes.some((p) => cap.startsWith(p))) return invalid('cap_area');
  return valid(cap);
}
