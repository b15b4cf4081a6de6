import type { GeoLocation } from '../../engine/types';
import { validateAddress } from './address';
import { invalid, type Validation, valid } from './result';

/**
 * Validates a place: a location shared from Telegram/WhatsApp (coordinates in range), or an address typed
 * as text. The value is a {@link GeoLocation} or `{ address }`.
 */
export function validateLocation(
  input: string,
  location: GeoLocation | undefined,
): Validation<GeoLocation | { address: string }> {
  if (location) {
    const { latitude, longitude } = location;
    if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) return invalid('location_invalid');
    return valid({ latitude, longitude, ...(location.address ? { address: location.address } : {}) });
  }
  if (!input.trim()) return invalid('location_missing');
  const address = validateAddress(input);
  return address.ok ? valid({ address: address.value }) : invalid('location_missing');
}
