/** Reconnection delays: `baseMs` doubling after every failed attempt, never above `maxMs`. */
export interface BackoffOptions {
  /** Default 2 s. */
  baseMs?: number;
  /** Default 5 min. */
  maxMs?: number;
}

/**
 * The delay before reconnection attempt `attempt` (1 = first), with ±20 % jitter so several instances
 * restarting together do not hit WhatsApp in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseMs ?? 2000;
  const max = options.maxMs ?? 300_000;
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(max, raw * (0.8 + 0.4 * random())));
}
