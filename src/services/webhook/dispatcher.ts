import type { Logger } from 'pino';
import { PolledOutbox } from '../../shared/polled-outbox';
import { VersionConflictError } from '../../storage/errors';
import type { Storage } from '../../storage/storage';
import { OUTBOX, type OutboxEntry } from './outbox';
import { SIGNATURE_HEADER, signBody } from './signature';

/**
 * The delay before retry number `attempts` (1 = first retry): `base · 2^(attempts−1)`, capped at `max`, with
 * ±20 % jitter so many failed events do not retry in lockstep.
 */
export function backoffDelay(
  attempts: number,
  base: number,
  max: number,
  random: () => number = Math.random,
): number {
  return Math.min(max, base * 2 ** (attempts - 1)) * (0.8 + random() * 0.4);
}

/** Settings of the {@link WebhookDispatcher}. */
export interface DispatcherOptions {
  storage: Storage;
  logger: Logger;
  url: string;
  secret: string;
  now?: () => Date;
  /** Delay before the first retry; doubles at each failure (default 5 s). */
  baseDelayMs?: number;
  /** Longest delay between retries (default 1 h). */
  maxDelayMs?: number;
  /** Time allowed to the receiver to answer (default 10 s). */
  timeoutMs?: number;
  /** How often the outbox is looked at when nothing kicks it (default 5 s). */
  pollMs?: number;
}

/**
 * Delivers webhook events from the storage outbox: POSTs each event's JSON with an HMAC-SHA256 signature
 * header and the event id, deletes it only after a 2xx answer, and otherwise retries with exponential backoff
 * (with jitter, capped). Events of one ticket are sent in order. Because the outbox is in storage, a
 * restarted process resumes pending events; delivery is at-least-once, so receivers de-duplicate by event id.
 */
export class WebhookDispatcher extends PolledOutbox {
  private readonly now: () => Date;

  constructor(private readonly options: DispatcherOptions) {
    super({
      name: 'webhook delivery',
      logger: options.logger,
      pollMs: options.pollMs ?? 5000,
    });
    this.now = options.now ?? (() => new Date());
  }

  protected async round(): Promise<number> {
    const { storage } = this.options;
    const now = this.now().toISOString();
    const blocked = new Set<string>(); // tickets with an earlier event still pending: keep their order
    let delivered = 0;
    for (const { key, value } of await storage.list<OutboxEntry>(OUTBOX)) {
      if (this.loop.isStopped) break;
      const protocol = value.event.data.ticket.protocol;
      if (blocked.has(protocol)) continue;
      if (value.nextAttemptAt > now) {
        blocked.add(protocol);
        continue;
      }
      if (await this.deliver(key, value)) delivered++;
      else blocked.add(protocol);
    }
    return delivered;
  }

  private async deliver(key: string, entry: OutboxEntry): Promise<boolean> {
    const { storage, logger, url, secret } = this.options;
    const body = JSON.stringify(entry.event);
    let error: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Sportello-Webhook/1',
          [SIGNATURE_HEADER]: signBody(body, secret),
          'X-Sportello-Event': entry.event.type,
          'X-Sportello-Event-Id': entry.event.id,
          'X-Sportello-Attempt': String(entry.attempts + 1),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        await storage.delete(OUTBOX, key);
        logger.info(
          { event: entry.event.id, type: entry.event.type, attempts: entry.attempts + 1 },
          'webhook delivered',
        );
        return true;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message;
    }
    const attempts = entry.attempts + 1;
    const base = this.options.baseDelayMs ?? 5000;
    const delay =
      Math.min(this.options.maxDelayMs ?? 3_600_000, base * 2 ** (attempts - 1)) *
      (0.8 + Math.random() * 0.4);
    const next: OutboxEntry = {
      ...entry,
      attempts,
      nextAttemptAt: new Date(this.now().getTime() + delay).toISOString(),
      lastError: error,
    };
    logger.warn(
      { event: entry.event.id, attempts, error, retryInMs: Math.round(delay) },
      'webhook delivery failed',
    );
    const current = await storage.getVersioned<OutboxEntry>(OUTBOX, key);
    if (current) {
      try {
        await storage.put(OUTBOX, key, next, { expectVersion: current.version });
      } catch (err) {
        if (!(err instanceof VersionConflictError)) throw err; // another instance handled it meanwhile
      }
    }
    return false;
  }
}
