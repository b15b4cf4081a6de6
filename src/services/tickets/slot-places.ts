import type { BatchOp, Storage } from '../../storage/storage';
import { SlotTakenError } from '../errors';
import { placeKey, SLOT_BOOKINGS, type SlotBooking, type SlotPlace, takenPlaces } from '../slots';
import type { Ticket, TicketStatus } from './ticket';

/** A slot to take a place in: its key (src/services/slots.ts) and how many places it has. */
export interface SlotRequest {
  key: string;
  capacity: number;
}

/**
 * One free place key (`<slot>#<n>`) per slot to book, picked at random among the free ones so that citizens
 * racing for one slot mostly try different places; throws {@link SlotTakenError} when a slot is full.
 */
export async function freePlaces(storage: Storage, requests: readonly SlotRequest[]): Promise<string[]> {
  const keys: string[] = [];
  for (const { key, capacity } of requests) {
    const { count, places } = await takenPlaces(storage, key);
    const free = Array.from({ length: capacity }, (_, i) => i + 1).filter((n) => !places.has(n));
    if (count >= capacity || free.length === 0) throw new SlotTakenError(key);
    keys.push(placeKey(key, free[Math.floor(Math.random() * free.length)] ?? 1));
  }
  return keys;
}

/** The conditional insert taking one place of a slot: refused when someone holds that place already. */
export function placeOp(key: string, protocol: string): BatchOp {
  const value: SlotPlace = { protocol };
  return { op: 'put', collection: SLOT_BOOKINGS, key, value, expectVersion: null };
}

/** The writes giving back a ticket's places (and, for bookings made before places, its counter share). */
export async function releaseOps(
  storage: Storage,
  ticket: Pick<Ticket, 'protocol' | 'bookings'>,
): Promise<BatchOp[]> {
  const ops: BatchOp[] = [];
  for (const key of ticket.bookings ?? []) {
    if (key.includes('#')) {
      const place = await storage.get<SlotPlace>(SLOT_BOOKINGS, key);
      if (place?.protocol === ticket.protocol) ops.push({ op: 'delete', collection: SLOT_BOOKINGS, key });
      continue;
    }
    const slot = await storage.getVersioned<SlotBooking>(SLOT_BOOKINGS, key);
    if (!slot?.value.protocols.includes(ticket.protocol)) continue;
    const value: SlotBooking = {
      count: Math.max(0, slot.value.count - 1),
      protocols: slot.value.protocols.filter((p) => p !== ticket.protocol),
    };
    ops.push({ op: 'put', collection: SLOT_BOOKINGS, key, value, expectVersion: slot.version });
  }
  return ops;
}

/** True for the statuses that give an appointment's places back: a cancelled or rejected request. */
export function releasesPlaces(status: TicketStatus): boolean {
  return status === 'cancelled' || status === 'rejected';
}
