import { invalid, type Validation, valid } from './result';

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

/**
 * Validates an e-mail address (the pragmatic WHATWG form, with a dotted domain and no consecutive dots).
 * The domain is lower-cased; the local part is kept as written.
 */
export function validateEmail(input: string): Validation<string> {
  const email = input.trim().replace(/^mailto:/i, '');
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..') || email.startsWith('.')) {
    return invalid('email_format');
  }
  const at = email.lastIndexOf('@');
  return valid(`${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`);
}
