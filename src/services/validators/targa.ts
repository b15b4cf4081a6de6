import { invalid, type Validation, valid } from './result';

/** Which Italian plates a field accepts. */
export type VehicleKind = 'car' | 'motorcycle' | 'any';

// Since 1994 plates never use I, O, Q, U (too easily confused with 1, 0, 0, V).
const L = '[A-HJ-NPR-TV-Z]';
const CAR = new RegExp(`^${L}{2}\\d{3}${L}{2}$`);
const MOTORCYCLE = new RegExp(`^${L}{2}\\d{5}$`);

/**
 * Validates an Italian number plate: cars `AB 123 CD`, motorcycles `AB 12345` (both formats since 1994/1999).
 * Spaces, dots and dashes are ignored; the value is upper case without separators.
 */
export function validateTarga(input: string, vehicle: VehicleKind = 'any'): Validation<string> {
  const plate = input.replace(/[\s.\-·]/g, '').toUpperCase();
  const car = CAR.test(plate);
  const moto = MOTORCYCLE.test(plate);
  if ((vehicle !== 'motorcycle' && car) || (vehicle !== 'car' && moto)) return valid(plate);
  if (/^[A-Z]{2}\d{3}[A-Z]{2}$|^[A-Z]{2}\d{5}$/.test(plate) && /[IOQU]/.test(plate)) {
    return invalid('targa_letters');
  }
  return invalid(
    vehicle === 'motorcycle' ? 'targa_format_moto' : vehicle === 'car' ? 'targa_format_car' : 'targa_format',
  );
}
