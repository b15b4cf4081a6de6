import fc from 'fast-check';
import { FakeConnector } from '../channels/botframework/fake-connector';
import { type AppHarness, startApp } from '../http/app-harness';
import { badRequestProblem, inParallel, leakIn, NO_RATE_LIMIT, recordTurns, type TurnLog } from './checks';
import { anyJson, hostileText, samples } from './hostile';

jest.setTimeout(120_000);

const CONVERSATIONS = 100;
const MESSAGES_EACH = 10;
const MALFORMED = 600;

/** Activities from the Emulator (anonymous endpoint) with hostile text, values, names and locales. */
const hostileActivity = fc.oneof(
  { weight: 6, arbitrary: hostileText(4000).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.tuple(hostileText(100), anyJson).map(([text, value]) => ({ text, value })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileText(200), fc.constantFrom('it-IT', 'en-US', 'ar', '', 'xx-💥'))
      .map(([text, locale]) => ({ text, locale, from: { id: 'u', name: text.slice(0, 50) } })),
  },
  {
    weight: 1,
    arbitrary: hostileText(100).map((name) => ({
      text: '',
      attachments: [{ contentType: 'image/png', contentUrl: 'https://evil.example/x.png', name }],
    })),
  },
);

/** Activities of the wrong shape at every level. */
const malformedActivity = fc.oneof(
  anyJson,
  fc.record({
    type: anyJson,
    serviceUrl: fc.oneof(anyJson, fc.constantFrom('not a url', 'javascript:alert(1)', '')),
    channelId: anyJson,
    conversation: anyJson,
    from: anyJson,
    text: anyJson,
  }),
);

describe('Bot Framework /api/messages fuzz (anonymous endpoint)', () => {
  let h: AppHarness;
  let connector: FakeConnector;
  let serviceUrl: string;
  let log: TurnLog;
  beforeAll(async () => {
    connector = new FakeConnector();
    serviceUrl = await connector.start();
    h = await startApp({ ...NO_RATE_LIMIT, BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' });
    log = recordTurns(h.app.engine, 'botframework');
  });
  afterAll(async () => {
    await h?.close();
    await connector?.close();
  });

  it(`answers ${CONVERSATIONS * MESSAGES_EACH} hostile activities politely, never with an error`, async () => {
    const scripts = samples(
      fc.array(hostileActivity, { minLength: MESSAGES_EACH, maxLength: MESSAGES_EACH }),
      CONVERSATIONS,
      30,
    );
    const problems: string[] = [];
    let sent = 0;
    await inParallel(
      scripts.map((s, i) => ({ conversation: `fuzz-${i}`, activities: s })),
      8,
      async ({ conversation, activities }) => {
        for (const activity of activities) {
          const res = await h.post('/api/messages', {
            type: 'message',
            id: `a${sent}`,
            channelId: 'emulator',
            serviceUrl,
            conversation: { id: conversation },
            recipient: { id: 'sportello', name: 'Sportello' },
            from: { id: `user-${conversation}` },
            ...activity,
          });
          sent += 1;
          if (res.status >= 300 && badRequestProblem(res.status, res.text))
            problems.push(`${res.status} ${res.text.slice(0, 120)}`);
          const leak = leakIn(res.text);
          if (leak) problems.push(`leak ${leak}`);
        }
      },
    );
    expect(sent).toBe(CONVERSATIONS * MESSAGES_EACH);
    expect(problems).toEqual([]);
    expect(log.problems).toEqual([]);
    expect(log.unanswered).toEqual([]);
    expect(log.turns).toBeGreaterThanOrEqual(sent * 0.95);
    expect(connector.posted.filter((p) => leakIn(JSON.stringify(p.activity)))).toEqual([]);
  });

  it(`answers ${MALFORMED} malformed activities with a JSON 4xx and no stack trace`, async () => {
    const bodies = samples(malformedActivity, MALFORMED, 31);
    const problems: string[] = [];
    await inParallel(bodies, 8, async (body) => {
      const res = await h.post('/api/messages', JSON.stringify(body) ?? 'null');
      if (res.status < 300) return; // e.g. an unknown activity type, acknowledged and ignored
      const problem = badRequestProblem(res.status, res.text);
      if (problem) problems.push(`${JSON.stringify(body).slice(0, 160)}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});
