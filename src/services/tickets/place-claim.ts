import { retryOnConflict } from '../../storage/optimistic';
import type { BatchOp, Storage } from '../../storage/storage';
import { freePlaces, placeOp, type SlotRequest } from './slot-places';

/**
 * The places a ticket write takes in appointment slots: one free place per requested slot, picked again after
 * each lost race, so booking stays one atomic batch with the ticket and never overbooks a slot.
 */
export class PlaceClaim {
  private constructor(
    private readonly storage: Storage,
    private readonly requests: readonly SlotRequest[],
    private current: string[],
  ) {}

  /** Picks a free place in each requested slot; throws {@link SlotTakenError} when one is full. */
  static async pick(storage: Storage, requests: readonly SlotRequest[]): Promise<PlaceClaim> {
    return new PlaceClaim(storage, requests, await freePlaces(storage, requests));
  }

  /** The place keys (`<slot>#<n>`) held now; empty when no slot is booked. */
  get places(): string[] {
    return this.current;
  }

  /** The conditional inserts taking the held places for the ticket `protocol`. */
  ops(protocol: string): BatchOp[] {
    return this.current.map((key) => placeOp(key, protocol));
  }

  /**
   * Runs `write` until it is stored, picking other free places after each lost race; gives up after `retries`
   * conflicts plus one per place the slots have.
   */
  run<T>(retries: number, write: (places: string[]) => Promise<T>): Promise<T> {
    return retryOnConflict(() => write(this.current), {
      // Each lost race for a place means one more place taken: after at most `capacity` of them the slot
      // reads as full and SlotTakenError ends the tries.
      attempts: retries + this.requests.reduce((n, b) => n + b.capacity, 0),
      onConflict: async () => {
        this.current = await freePlaces(this.storage, this.requests);
      },
    });
  }
}
