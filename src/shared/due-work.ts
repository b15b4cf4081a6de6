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

/** The claim an instance took on an item: the version it wrote and the time it holds the item until. */
export interface Claim {
  version: number;
  until: string | undefined;
}

/**
 * Saves a worked item, released, over the claim's version. When the item changed meanwhile (the office
 * cancelled the ticket, the citizen opted out), the outcome is dropped, as the change decides; if the change
 * kept the claim, it is let go, so the changed item is worked on at its next round rather than when the claim
 * expires. Resolves false when the outcome was dropped.
 */
export async function saveWorked<T extends DueItem>(
  storage: Storage,
  collection: string,
  key: string,
  claim: Claim,
  worked: T,
): Promise<boolean> {
  const { claimedUntil: _claim, ...released } = worked;
  try {
    await storage.put(collection, key, released, { expectVersion: claim.version });
    return true;
  } catch (err) {
    if (!(err instanceof VersionConflictError)) throw err;
  }
  const now = await storage.getVersioned<T>(collection, key);
  if (now && claim.until && now.value.claimedUntil === claim.until) {
    const { claimedUntil: _ours, ...free } = now.value;
    await storage.put(collection, key, free, { expectVersion: now.version }).catch((err: unknown) => {
      // Changed once more: whoever wrote it decides; the claim then lapses on its own.
      if (!(err instanceof VersionConflictError)) throw err;
    });
  }
  return false;
}
