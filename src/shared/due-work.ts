import { VersionConflictError } from '../storage/errors';
import type { Storage } from '../storage/storage';

/** A durable outbox item: when it may next be worked on, and until when an instance holds it. */
export interface DueItem {
  /** ISO time before which nothing is done. */
  nextAttemptAt: string;
  /** An instance working on it holds it until then. */
  claimedUntil?: string;
}

/** How {@link workDueItems} goes through one outbox. */
export interface DueWork<T extends DueItem> {
  storage: Storage;
  collection: string;
  now: Date;
  /** How long a claim holds the item against other instances. */
  claimMs: number;
  /** False for items that are done for good (sent, paid…). */
  isOpen(item: T): boolean;
  /** Stops the round between items (shutdown, leadership lost). */
  stopped(): boolean;
  /** Does the work on a claimed item; `version` is the claim's, for saving the outcome. */
  work(key: string, item: T, version: number): Promise<void>;
}

/**
 * One round over a durable outbox (app IO notices, pagoPA jobs): every open item that is due and unclaimed is
 * claimed with a versioned write, so two instances never work on it both, then worked on. Resolves how many
 * were worked on.
 */
export async function workDueItems<T extends DueItem>(round: DueWork<T>): Promise<number> {
  const now = round.now.toISOString();
  let handled = 0;
  for (const { key, value } of await round.storage.list<T>(round.collection)) {
    if (round.stopped()) break;
    if (!round.isOpen(value) || value.nextAttemptAt > now) continue;
    if (value.claimedUntil && value.claimedUntil > now) continue;
    const claimed = await claim(round, key);
    if (claimed) {
      await round.work(key, claimed.item, claimed.version);
      handled++;
    }
  }
  return handled;
}

/** Takes an item for this instance; undefined when another one has it or it is no longer open. */
async function claim<T extends DueItem>(
  round: DueWork<T>,
  key: string,
): Promise<{ item: T; version: number } | undefined> {
  const { storage, collection, now } = round;
  const stored = await storage.getVersioned<T>(collection, key);
  if (!stored || !round.isOpen(stored.value)) return undefined;
  if (stored.value.claimedUntil && stored.value.claimedUntil > now.toISOString()) return undefined;
  const item = { ...stored.value, claimedUntil: new Date(now.getTime() + round.claimMs).toISOString() };
  try {
    return { item, version: await storage.put(collection, key, item, { expectVersion: stored.version }) };
  } catch (err) {
    if (err instanceof VersionConflictError) return undefined;
    throw err;
  }
}
