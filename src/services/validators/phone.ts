import { invalid, type Validation, valid } from './result';

/** Which telephone numbers a field accepts. */
export type PhoneKind = 'mobile' | 'landline' | 'any';

/**
 * Validates a telephone number: Italian mobile (3xx, 9–10 digits) or landline (0…, 6–11 digits), with or
 * without `+39`/`0039`; foreign numbers in `+CC…` form when `foreign` is true. Normalises to E.164 (`+39…`).
 */
export function validatePhone(input: string, kind: PhoneKind = 'any', foreign = true): Validation<string> {
  let n = input.replace(/[\s./\-()]/g, '');
  if (n.startsWith('00')) n = `+${n.slice(2)}`;
  if (n.startsWith('+') && !n.startsWith('+39')) {
    if (foreign && kind === 'any' && /^\+[1-9]\d{6,14}$/.test(n)) return valid(n);
    return invalid(foreign && kind === 'any' ? 'phone_format' : 'phone_italian');
  }
  if (n.startsWith('+39')) n = n.slice(3);
  if (!/^\d+$/.test(n)) return invalid('phone_format');
  const mobile = /^3\d{8,9}$/.test(n);
  const landline = /^0\d{5,10}$/.test(n);
  if (kind === 'mobile' && !mobile) return invalid('phone_mobile');
  if (kind === 'landline' && !landline) return invalid('phone_landline');
  if (!mobile && !landline) return invalid('phone_format');
  return valid(`+39${n}`);
}
