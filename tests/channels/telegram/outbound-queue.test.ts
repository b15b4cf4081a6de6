import pino from 'pino';
import { TelegramError } from 'telegraf';
import { OutboundQueue } from '../../../src/channels/telegram/outbound-queue';

const logger = pino({ level: 'silent' });

describe('OutboundQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts at most 30 messages per second over all chats', async () => {
    const queue = new OutboundQueue({ logger });
    const started: number[] = [];
    const t0 = Date.now();
    const all = Array.from({ length: 45 }, (_, i) =>
      queue.enqueue(`chat-${i}`, async () => {
        started.push(Date.now() - t0);
      }),
    );
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(30);
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toHaveLength(30);
    await jest.advanceTimersByTimeAsync(1);
    expect(started).toHaveLength(45);
    await Promise.all(all);
  });

  it('keeps each chat in order at one message per second while other chats proceed', async () => {
    const queue = new OutboundQueue({ logger });
    const log: string[] = [];
    const job = (name: string) => async () => void log.push(`${name}@${Date.now() % 100_000}`);
    const t0 = Date.now() % 100_000;
    void queue.enqueue('a', job('a1'));
    void queue.enqueue('a', job('a2'));
    void queue.enqueue('b', job('b1'));
    await jest.advanceTimersByTimeAsync(0);
    expect(log).toEqual([`a1@${t0}`, `b1@${t0}`]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(log).toEqual([`a1@${t0}`, `b1@${t0}`, `a2@${(t0 + 1000) % 100_000}`]);
  });

  it('retries after retry_after on 429 and gives up on other client errors', async () => {
    const queue = new OutboundQueue({ logger });
    let calls = 0;
    const sent = queue.enqueue('a', async () => {
      calls++;
      if (calls === 1)
        throw new TelegramError({
          error_code: 429,
          description: 'Too Many Requests',
          parameters: { retry_after: 3 },
        });
      return 'ok';
    });
    await jest.advanceTimersByTimeAsync(2_999);
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(sent).resolves.toBe('ok');
    const blocked = queue.enqueue('b', async () => {
      throw new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    });
    await expect(blocked).rejects.toMatchObject({ code: 403 });
  });
});
