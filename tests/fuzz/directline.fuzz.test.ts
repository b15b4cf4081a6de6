import fc from 'fast-check';
import { type AppHarness, startApp } from '../http/app-harness';
import { openConversation } from '../http/directline-client';
import { badRequestProblem, inParallel, leakIn, NO_RATE_LIMIT, recordTurns, type TurnLog } from './checks';
import { anyJson, hostileText, samples } from './hostile';

jest.setTimeout(120_000);

const CONVERSATIONS = 300;
const MESSAGES_EACH = 10;
const MALFORMED = 1200;

/** A posted activity: a valid envelope with hostile text, a hostile button value, attachment or location. */
const hostileActivity = fc.oneof(
  { weight: 6, arbitrary: hostileText(4000).map((text) => ({ text })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileText(200), anyJson)
      .map(([text, choice]) => ({ text, value: { choice, x: text } })),
  },
  {
    weight: 1,
    arbitrary: hostileText(200).map((name) => ({
      attachments: [
        { contentType: 'image/png', contentUrl: `https://evil.example/${encodeURIComponent(name)}`, name },
      ],
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.double(), fc.double(), hostileText(100)).map(([latitude, longitude, name]) => ({
      entities: [{ type: 'Place', name, geo: { latitude, longitude } }],
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileText(300), fc.constantFrom('it-IT', 'en', 'ar-SA', 'xx', '', '../../'))
      .map(([text, locale]) => ({
        text,
        locale,
        textFormat: 'markdown',
        from: { id: text.slice(0, 200), name: text.slice(0, 200) },
      })),
  },
);

const BIG = 'x'.repeat(300 * 1024);
/** Bodies no Direct Line client sends: broken JSON, wrong shapes, wrong types, over the limits. */
const malformedBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ raw, type: 'application/json' })),
  fc.constantFrom(
    { raw: '{', type: 'application/json' },
    { raw: '{"type":"message","text":"ciao"', type: 'application/json' },
    { raw: 'null', type: 'application/json' },
    { raw: '[]', type: 'application/json' },
    { raw: '42', type: 'application/json' },
    { raw: '"message"', type: 'application/json' },
    { raw: '{"type":"message"}', type: 'application/json' },
    { raw: '{"type":"message","text":"   "}', type: 'application/json' },
    { raw: `{"type":"message","text":"${'a'.repeat(4001)}"}`, type: 'application/json' },
    { raw: `{"type":"message","text":"${BIG}"}`, type: 'application/json' },
    { raw: '{"type":"message","text":"ok","attachments":"x"}', type: 'application/json' },
    { raw: '{"type":"message","text":"ok","attachments":[{}]}', type: 'application/json' },
    { raw: `{"type":"message","text":"ok","value":"${'v'.repeat(9000)}"}`, type: 'application/json' },
    { raw: '{"type":"message","text":"ok","channelData":[1,2]}', type: 'application/json' },
    { raw: '{"type":"","text":"ok"}', type: 'application/json' },
    { raw: '{"type":7,"text":"ok"}', type: 'application/json' },
    { raw: 'type=message&text=', type: 'application/x-www-form-urlencoded' },
    { raw: 'ciao', type: 'text/plain' },
    { raw: '<activity/>', type: 'application/xml' },
    {
      raw: '--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhi\r\n--b--\r\n',
      type: 'multipart/form-data; boundary=b',
    },
    { raw: '\u0000\u0001\u0002', type: 'application/octet-stream' },
  ),
  fc
    .record({
      type: fc.oneof(anyJson, fc.constant('message')),
      text: anyJson,
      from: anyJson,
      attachments: anyJson,
    })
    .filter(
      (a) =>
        !(
          a.type === 'message' &&
          typeof a.text === 'string' &&
          a.text.trim() !== '' &&
          a.text.length <= 4000
        ),
    )
    .map((body) => ({ raw: JSON.stringify(body), type: 'application/json' })),
);

describe('Direct Line fuzz: hostile messages and malformed requests', () => {
  let h: AppHarness;
  let log: TurnLog;
  beforeAll(async () => {
    h = await startApp(NO_RATE_LIMIT);
    log = recordTurns(h.app.engine, 'webchat');
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`answers ${CONVERSATIONS * MESSAGES_EACH} hostile messages politely, never with an error`, async () => {
    const scripts = samples(
      fc.array(hostileActivity, { minLength: MESSAGES_EACH, maxLength: MESSAGES_EACH }),
      CONVERSATIONS,
    );
    const httpProblems: string[] = [];
    let sent = 0;
    await inParallel(scripts, 8, async (script) => {
      const citizen = await openConversation(h.url);
      for (const activity of script) {
        const res = await citizen.postRaw({ type: 'message', ...activity });
        sent += 1;
        // Accepted (200) or refused as invalid (400, e.g. a lone surrogate made the text unreadable).
        if (res.status !== 200 && badRequestProblem(res.status, res.text))
          httpProblems.push(`${res.status} ${res.text.slice(0, 100)}`);
        const leak = leakIn(res.text);
        if (leak) httpProblems.push(`leak ${leak}`);
      }
    });
    expect(sent).toBe(CONVERSATIONS * MESSAGES_EACH);
    expect(httpProblems).toEqual([]);
    expect(log.problems).toEqual([]);
    expect(log.unanswered).toEqual([]);
    expect(log.turns).toBeGreaterThanOrEqual(sent * 0.95);
  });

  it(`answers ${MALFORMED} malformed requests with a JSON 4xx and no stack trace`, async () => {
    const citizen = await openConversation(h.url);
    const bodies = samples(malformedBody, MALFORMED, 1);
    const problems: string[] = [];
    await inParallel(bodies, 8, async ({ raw, type }) => {
      const res = await citizen.postRaw(raw, type);
      const problem = badRequestProblem(res.status, res.text);
      if (problem) problems.push(`${type} ${JSON.stringify(raw.slice(0, 60))}: ${problem}`);
    });
    expect(problems).toEqual([]);
    // Still alive and answering.
    expect((await citizen.say('ciao')).length).toBeGreaterThan(0);
  });

  it('answers requests to odd paths, methods and credentials with a JSON 4xx', async () => {
    const citizen = await openConversation(h.url);
    const requests = samples(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        path: fc.oneof(
          fc.constantFrom(
            `/v3/directline/conversations/${citizen.conversationId}/activities?watermark=abc`,
            `/v3/directline/conversations/${citizen.conversationId}/activities?watermark=-1`,
            `/v3/directline/conversations/${citizen.conversationId}/activities?watermark=1e309`,
            '/v3/directline/conversations/%00/activities',
            '/v3/directline/conversations/../../etc/passwd/activities',
            `/v3/directline/conversations/${'a'.repeat(5000)}/activities`,
            '/v3/directline/conversations/%E0%A4%A/activities',
            '/api/webchat/session',
            '/v3/directline/tokens/refresh',
          ),
          fc.webPath().map((p) => `/v3/directline${p}`),
        ),
        auth: fc.constantFrom(
          `Bearer ${citizen.token}`,
          'Bearer',
          'Bearer a.b.c',
          `Basic ${citizen.token}`,
          '',
          'Bearer \u00ff',
        ),
        body: fc.constantFrom('{', '{"token":5}', '{"token":"a.b.c"}', ''),
      }),
      300,
      2,
    );
    const problems: string[] = [];
    for (const r of requests) {
      const res = await fetch(`${h.url}${r.path}`, {
        method: r.method,
        headers: { ...(r.auth ? { Authorization: r.auth } : {}), 'Content-Type': 'application/json' },
        ...(r.method === 'GET' ? {} : { body: r.body }),
      }).catch((err: Error) => ({ status: 0, text: async () => err.message }));
      const text = await res.text();
      if (res.status === 200 || res.status === 201) continue;
      const problem = badRequestProblem(res.status, text);
      if (problem) problems.push(`${r.method} ${r.path.slice(0, 80)} [${r.auth}] ${r.body}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});
