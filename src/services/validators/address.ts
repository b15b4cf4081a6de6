import { invalid, type Validation, valid } from './result';

/**
 * Validates a street address typed by the citizen: at least a few letters and, when `requireNumber` is set,
 * a house number (or `snc`, "senza numero civico").
 */
export function validateAddress(input: string, requireNumber = false): Validation<string> {
  const address = input.trim().replace(/\s+/g, ' ');
  if (address.length < 5 || !/\p{L}{2,}/u.test(address)) return invalid('address_short');
  if (address.length > 300) return invalid('text_long', { max: 300, length: address.length });
  if (requireNumber && !/\d/.test(address) && !/\bsnc\b/i.test(address)) return invalid('address_number');
  return valid(address);
}
