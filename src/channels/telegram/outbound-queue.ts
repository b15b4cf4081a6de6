import type { Logger } from 'pino';
import { TelegramError } from 'telegraf';

/** Limits of the {@link OutboundQueue}; the defaults are Telegram's published broadcast limits. */
export interface OutboundQueueOptions {
  logger: Logger;
  /** Messages per second over all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Minimum time between two messages to the same chat (Telegram: about one per second). */
  perChatIntervalMs?: number;
  /** Attempts per message, counting 429 and network retries. */
  maxAttempts?: number;
}

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  attempts: number;
}

interface ChatLane {
  jobs: Job[];
  /** Earliest time the next message to this chat may start. */
  nextAt: number;
  busy: boolean;
}

/** Seconds Telegram asked us to wait (429 `parameters.retry_after`), if this is such an error. */
export function retryAfterSeconds(err: unknown): number | undefined {
  if (!(err instanceof TelegramError) || err.code !== 429) return undefined;
  const seconds = err.parameters?.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? seconds : 5;
}

/** True for failures worth retrying: Telegram 5xx and network errors (not 4xx such as "bot was blocked"). */
function isTransient(err: unknown): boolean {
  if (err instanceof TelegramError) return err.code >= 500;
  return (err as { name?: string }).name === 'FetchError' || (err as { code?: string }).code === 'ECONNRESET';
}

/**
 * The Telegram outbound scheduler: messages of one chat leave in order, at most one per `perChatIntervalMs`,
 * and at most `globalPerSecond` over all chats; chats take turns so a long answer to one citizen does not hold
 * up the others. A 429 answer pauses that chat for the `retry_after` Telegram gives, then the same message is
 * retried; network errors and 5xx are retried with back-off.
 */
export class OutboundQueue {
  private readonly lanes = new Map<string, ChatLane>();
  private readonly recent: number[] = [];
  private readonly globalPerSecond: number;
  private readonly perChatIntervalMs: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: OutboundQueueOptions) {
    this.globalPerSecond = options.globalPerSecond ?? 30;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Queues one API call for a chat; resolves with its result once sent (after any retries). */
  enqueue<T>(chatId: string, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lane = this.lanes.get(chatId);
      if (!lane) {
        lane = { jobs: [], nextAt: 0, busy: false };
        this.lanes.set(chatId, lane);
      }
      lane.jobs.push({ run, resolve: resolve as (value: unknown) => void, reject, attempts: 0 });
      this.pump();
    });
  }

  /** Number of messages waiting or being sent. */
  get pending(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.jobs.length;
    return n;
  }

  /** Resolves when every queued message has been sent or has failed. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Fails every message still waiting (on shutdown) with `reason`. */
  clear(reason: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const lane of this.lanes.values()) {
      const waiting = lane.busy ? lane.jobs.splice(1) : lane.jobs.splice(0);
      for (const job of waiting) job.reject(reason);
    }
    this.notifyIdle();
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - 1000) this.recent.shift();
    let wakeAt = Number.POSITIVE_INFINITY;
    const ready: Array<[string, ChatLane]> = [];
    for (const [chatId, lane] of this.lanes) {
      if (lane.busy) continue;
      if (lane.jobs.length === 0) {
        if (lane.nextAt <= now) this.lanes.delete(chatId);
        continue;
      }
      if (lane.nextAt > now) {
        wakeAt = Math.min(wakeAt, lane.nextAt);
        continue;
      }
      if (this.recent.length + ready.length >= this.globalPerSecond) {
        wakeAt = Math.min(wakeAt, (this.recent[0] ?? now) + 1000);
        break;
      }
      ready.push([chatId, lane]);
    }
    for (const [chatId, lane] of ready) {
      // Move the chat to the back so the others get their turn first next time.
      this.lanes.delete(chatId);
      this.lanes.set(chatId, lane);
      this.start(chatId, lane, now);
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - now));
      this.timer.unref?.();
    }
    this.notifyIdle();
  }

  private start(chatId: string, lane: ChatLane, now: number): void {
    const job = lane.jobs[0];
    if (!job) return;
    lane.busy = true;
    lane.nextAt = now + this.perChatIntervalMs;
    this.recent.push(now);
    job.attempts += 1;
    job
      .run()
      .then(
        (value) => {
          lane.jobs.shift();
          job.resolve(value);
        },
        (err: unknown) => {
          const retryAfter = retryAfterSeconds(err);
          const retry = job.attempts < this.maxAttempts && (retryAfter !== undefined || isTransient(err));
          if (!retry) {
            lane.jobs.shift();
            job.reject(err);
            return;
          }
          const delay = retryAfter !== undefined ? retryAfter * 1000 : 500 * 2 ** (job.attempts - 1);
          lane.nextAt = Math.max(lane.nextAt, Date.now() + delay);
          this.options.logger.warn(
            { chat: chatId, attempt: job.attempts, delayMs: delay, err },
            'telegram send retry',
          );
        },
      )
      .finally(() => {
        lane.busy = false;
        this.pump();
      });
  }

  private notifyIdle(): void {
    if (this.pending > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
