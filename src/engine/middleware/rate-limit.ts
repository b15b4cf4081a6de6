import type { Middleware } from '../compose';
import type { TurnContext } from '../turn-context';

/** Token-bucket settings: `burst` messages at once, refilled at `perMinute` per minute. */
export interface RateLimitOptions {
  burst: number;
  perMinute: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

/**
 * Per-conversation flood protection. Over the limit the message is refused ({@link TurnContext.refuse}: not
 * stored, counted by the engine's refusal listeners) and the citizen is asked once, politely, to slow down;
 * further messages in the same flood get nothing, so a flood can neither tie up the bot nor fill the database.
 */
export function rateLimit(options: RateLimitOptions): Middleware<TurnContext> {
  const buckets = new Map<string, Bucket>();
  const now = options.now ?? Date.now;
  const refillPerMs = options.perMinute / 60_000;
  let lastSweep = now();

  return async (ctx, next) => {
    const t = now();
    if (t - lastSweep > 60_000) {
      // Forget full buckets so idle conversations cost no memory.
      for (const [key, b] of buckets)
        if (b.tokens + (t - b.at) * refillPerMs >= options.burst) buckets.delete(key);
      lastSweep = t;
    }
    const key = ctx.state.key;
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: t, warned: false };
    bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      if (!bucket.warned) ctx.reply({ text: ctx.t('slowDown'), format: 'plain' });
      bucket.warned = true;
      ctx.refuse({
        reason: 'rate_limit',
        retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerMs / 1000),
      });
      return;
    }
    bucket.tokens -= 1;
    bucket.warned = false;
    await next();
  };
}
