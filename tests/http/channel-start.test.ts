import { Writable } from 'node:stream';
import pino from 'pino';
import { type AppHarness, startApp } from './app-harness';
import { openConversation } from './directline-client';

/** A pino logger at `warn` whose lines are kept, parsed, in `lines`. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

describe('Start-up when a channel cannot start', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('starts without Telegram’s command menu when setMyCommands fails, and Telegram still works', async () => {
    const { logger, lines } = recordingLogger();
    h = await startApp({}, { logger, prepare: ({ telegram }) => telegram.breakMethod('setMyCommands') });
    expect(h.telegram.webhook?.url).toBe('https://example.org/telegram/webhook');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, channel: 'telegram', msg: expect.stringMatching(/command menu/) }),
    );
    const citizen = await openConversation(h.url);
    expect((await citizen.say('orari anagrafe')).length).toBeGreaterThan(0);
  });

  it('keeps the web chat up and warns which channel failed when Telegram cannot start at all', async () => {
    const { logger, lines } = recordingLogger();
    h = await startApp({}, { logger, prepare: ({ telegram }) => telegram.breakMethod('getMe') });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        channel: 'telegram',
        msg: expect.stringMatching(/could not start/),
      }),
    );
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(200);
    const citizen = await openConversation(h.url);
    const replies = await citizen.say('orari anagrafe');
    expect(replies.map((r) => r.text ?? '').join('\n')).toMatch(/anagrafe/i);
  });
});
