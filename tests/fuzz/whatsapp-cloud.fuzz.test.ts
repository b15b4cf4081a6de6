import fc from 'fast-check';
import { texts } from '../../src/engine/texts';
import { type AppHarness, SECRETS, startApp } from '../http/app-harness';
import { badRequestProblem, inParallel, leakIn, NO_RATE_LIMIT, recordTurns, type TurnLog } from './checks';
import { anyJson, hostileText, samples } from './hostile';

jest.setTimeout(120_000);

const CITIZENS = 200;
const MESSAGES_EACH = 10;
const MALFORMED = 800;
const FAILURE = new Set(Object.values(texts).map((t) => t.failure));

/** The `messages[0]` of a notification: any message type with hostile content, and odd timestamps. */
const hostileMessage = fc.oneof(
  { weight: 6, arbitrary: hostileText(4096).map((body) => ({ type: 'text', text: { body } })) },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileText(256), hostileText(20)).map(([id, title]) => ({
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id, title } },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileText(256), hostileText(24)).map(([id, title]) => ({
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id, title, description: title } },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true }), hostileText(100))
      .map(([latitude, longitude, name]) => ({
        type: 'location',
        location: { latitude, longitude, name, address: name },
      })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileText(1024), hostileText(100)).map(([caption, filename]) => ({
      type: 'document',
      document: { id: '9876543210', mime_type: filename, caption, filename },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('sticker', 'reaction', 'contacts', 'unsupported', 'order', 'system', '💥')
      .map((type) => ({ type })),
  },
);

/** A signed-able notification body from Meta with one message from `from`. */
function notification(
  from: string,
  id: string,
  message: Record<string, unknown>,
  name: string,
  timestamp: string,
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '390612345678',
                phone_number_id: SECRETS.whatsappPhoneNumberId,
              },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [{ from, id, timestamp, ...message }],
            },
          },
        ],
      },
    ],
  };
}

/** Signed bodies of the wrong shape: Meta never sends them, but a bug or a replay could. */
const malformedNotification = fc.oneof(
  anyJson,
  fc.record({ object: fc.constantFrom('whatsapp_business_account', 'page', 7), entry: anyJson }),
  fc.record({
    object: fc.constant('whatsapp_business_account'),
    entry: fc.array(
      fc.record({
        id: anyJson,
        changes: fc.oneof(anyJson, fc.array(fc.record({ field: anyJson, value: anyJson }))),
      }),
    ),
  }),
  fc
    .record({
      from: anyJson,
      id: anyJson,
      timestamp: anyJson,
      type: anyJson,
      text: anyJson,
      interactive: anyJson,
    })
    .map((m) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: { metadata: { phone_number_id: SECRETS.whatsappPhoneNumberId }, messages: [m] },
            },
          ],
        },
      ],
    })),
);

describe('WhatsApp Cloud webhook fuzz', () => {
  let h: AppHarness;
  let log: TurnLog;
  beforeAll(async () => {
    h = await startApp(NO_RATE_LIMIT);
    log = recordTurns(h.app.engine, 'whatsapp-cloud');
  });
  afterAll(async () => {
    await h?.close();
  });

  const postSigned = (body: unknown) => {
    const raw = JSON.stringify(body) ?? 'null';
    return h.post('/whatsapp/webhook', raw, { 'X-Hub-Signature-256': h.signWhatsApp(raw) });
  };

  it(`answers ${CITIZENS * MESSAGES_EACH} hostile signed messages politely, never with an error`, async () => {
    const scripts = samples(
      fc.tuple(
        hostileText(64),
        fc.array(
          fc.tuple(
            hostileMessage,
            // Mostly now; sometimes from the far past or future, or absurd (the window must not break).
            fc.oneof(
              { weight: 8, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: fc.constantFrom('0', '1', '99999999999999999999', '253402300800') },
            ),
          ),
          { minLength: MESSAGES_EACH, maxLength: MESSAGES_EACH },
        ),
      ),
      CITIZENS,
      20,
    );
    const problems: string[] = [];
    let sent = 0;
    await inParallel(
      scripts.map((s, i) => ({ from: String(393_330_000_000 + i), name: s[0], messages: s[1] })),
      8,
      async ({ from, name, messages }) => {
        for (const [message, timestamp] of messages) {
          const id = `wamid.fuzz${from}.${sent++}`;
          const at = timestamp ?? String(Math.floor(Date.now() / 1000));
          const res = await postSigned(notification(from, id, message, name, at));
          if (res.status !== 200) problems.push(`${res.status} ${res.text.slice(0, 120)}`);
          const leak = leakIn(res.text);
          if (leak) problems.push(`leak ${leak}`);
        }
      },
    );
    expect(sent).toBe(CITIZENS * MESSAGES_EACH);
    expect(problems).toEqual([]);
    // Answers leave in the background (Meta gets its 200 at once): wait until nothing moves for 1 s (a loaded
    // CI machine can pause the engine for longer than a shorter quiet spell, and the count stopped early).
    let last = '';
    for (let still = 0, i = 0; still < 20 && i < 600; i++) {
      const now = `${log.turns}/${h.graph.sent.length}`;
      still = now === last ? still + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(log.problems).toEqual([]);
    expect(log.unanswered).toEqual([]);
    expect(log.turns).toBeGreaterThanOrEqual(sent * 0.95);
    // What actually left for WhatsApp: never the technical-failure apology, never a leak.
    const outgoing = h.graph.messages.map((m) => JSON.stringify(m));
    expect(outgoing.length).toBeGreaterThanOrEqual(sent);
    expect(
      outgoing.filter(
        (m) => [...FAILURE].some((f) => m.includes(JSON.stringify(f).slice(1, 40))) || leakIn(m),
      ),
    ).toEqual([]);
  });

  it(`answers ${MALFORMED} malformed signed notifications with a JSON 4xx (or skips them with 200)`, async () => {
    const bodies = samples(malformedNotification, MALFORMED, 21);
    const problems: string[] = [];
    await inParallel(bodies, 8, async (body) => {
      const res = await postSigned(body);
      if (res.status === 200) return;
      const problem = badRequestProblem(res.status, res.text);
      if (problem) problems.push(`${JSON.stringify(body).slice(0, 160)}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it('refuses every unsigned, wrongly signed or non-JSON notification with a JSON 4xx', async () => {
    const bodies = samples(
      fc.oneof(malformedNotification, fc.string({ unit: 'binary', maxLength: 300 })),
      300,
      22,
    );
    const problems: string[] = [];
    for (const [i, body] of bodies.entries()) {
      const raw = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'null');
      const headers: Record<string, string> =
        i % 3 === 0
          ? {}
          : i % 3 === 1
            ? { 'X-Hub-Signature-256': `sha256=${'ab'.repeat(32)}` }
            : { 'X-Hub-Signature-256': h.signWhatsApp(raw) };
      const res = await h.post('/whatsapp/webhook', raw, headers);
      if (i % 3 === 2 && res.status === 200) continue; // signed and well-formed enough to be skipped
      const problem = badRequestProblem(res.status, res.text);
      if (problem) problems.push(`${i % 3} ${raw.slice(0, 80)}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});
