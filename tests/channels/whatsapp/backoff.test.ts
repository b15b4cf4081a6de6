import { backoffDelay } from '../../../src/channels/whatsapp/backoff';

describe('WhatsApp reconnection backoff', () => {
  it('doubles from the base delay and never exceeds the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 1000, maxMs: 60_000 }, mid))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(backoffDelay(30, { baseMs: 1000, maxMs: 60_000 }, mid)).toBe(60_000);
    expect(backoffDelay(30, { baseMs: 1000, maxMs: 60_000 }, () => 1)).toBe(60_000);
  });

  it('spreads retries by ±20 % so restarted instances do not reconnect in step', () => {
    expect(backoffDelay(3, { baseMs: 1000 }, () => 0)).toBe(3200);
    expect(backoffDelay(3, { baseMs: 1000 }, () => 0.999)).toBeLessThanOrEqual(4800);
  });
});
