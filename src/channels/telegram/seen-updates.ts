import type { Logger } from 'pino';
import { BoundedMap } from '../../shared/bounded-map';
import { VersionConflictError } from '../../storage/errors';
import type { Storage } from '../../storage/storage';

/** Storage collection of recently processed Telegram update ids. */
export const SEEN_UPDATES = 'telegram-updates';

const MEMORY_SIZE = 5_000;
const PRUNE_EVERY = 500;
/** Update ids further back than this are forgotten (Telegram redelivers for at most 24 hours). */
const KEEP_WINDOW = 100_000;

/**
 * Remembers which update ids were already processed, in memory and in storage, so an update Telegram
 * redelivers (webhook retry, polling after a crash, two instances) is handled once. The storage write uses
 * "must not exist yet", so two instances racing on the same update agree on one winner.
 */
export class SeenUpdates {
  private readonly memory = new BoundedMap<number, true>(MEMORY_SIZE);
  private inserts = 0;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  /** True the first time an update id is seen, false afterwards. */
  async firstTime(updateId: number): Promise<boolean> {
    if (this.memory.has(updateId)) return false;
    this.memory.set(updateId, true);
    try {
      await this.storage.put(
        SEEN_UPDATES,
        key(updateId),
        { at: new Date().toISOString() },
        { expectVersion: null },
      );
    } catch (err) {
      if (err instanceof VersionConflictError) return false;
      // Storage trouble must not silence the bot; the engine's own message-id check still applies.
      this.logger.warn({ err, updateId }, 'could not record telegram update id');
      return true;
    }
    if (++this.inserts % PRUNE_EVERY === 0) void this.prune(updateId);
    return true;
  }

  /** Forgets an update that could not be processed, so Telegram's redelivery of it is handled. */
  async forget(updateId: number): Promise<void> {
    this.memory.delete(updateId);
    await this.storage.delete(SEEN_UPDATES, key(updateId)).catch(() => false);
  }

  private async prune(latest: number): Promise<void> {
    try {
      const old = await this.storage.list(SEEN_UPDATES, { limit: PRUNE_EVERY * 2 });
      const limit = key(latest - KEEP_WINDOW);
      for (const { key: k } of old) if (k < limit) await this.storage.delete(SEEN_UPDATES, k);
    } catch (err) {
      this.logger.warn({ err }, 'could not prune telegram update ids');
    }
  }
}

/** Zero-padded so that key order is numeric order. */
function key(updateId: number): string {
  return String(Math.max(0, updateId)).padStart(12, '0');
}
