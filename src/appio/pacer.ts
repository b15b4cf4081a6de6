/**
 * Spaces calls evenly so at most `perSecond` start in any second (one process's share of a per-key limit):
 * each call waits for the slot after the previous one.
 */
export function pacer(perSecond: number, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {
  const interval = 1000 / perSecond;
  let next = 0;
  return async (): Promise<void> => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await sleep(at - now);
  };
}
