import { normalize } from '../../shared/normalize';
import { invalid, type Validation, valid } from './result';

const YES = new Set([
  'si',
  's',
  'yes',
  'y',
  'ok',
  'okay',
  'certo',
  'certamente',
  'va bene',
  'esatto',
  'confermo',
  'sure',
  'yep',
  'yeah',
  'si grazie',
  'yes please',
  'affermativo',
  'true',
]);
const NO = new Set(['no', 'n', 'nope', 'no grazie', 'no thanks', 'negativo', 'false', 'non']);

/** Validates a yes/no answer in Italian or English (`sì`, `si`, `certo`, `no`, `yes`…). */
export function validateYesNo(input: string): Validation<boolean> {
  const folded = normalize(input);
  if (YES.has(folded)) return valid(true);
  if (NO.has(folded)) return valid(false);
  return invalid('yes_no');
}
