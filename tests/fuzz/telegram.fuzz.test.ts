import fc from 'fast-check';
import { type AppHarness, SECRETS, startApp } from '../http/app-harness';
import { badRequestProblem, inParallel, leakIn, NO_RATE_LIMIT, recordTurns, type TurnLog } from './checks';
import { anyJson, hostileText, samples } from './hostile';

jest.setTimeout(120_000);

const CHATS = 250;
const UPDATES_EACH = 10;
const MALFORMED = 800;
const SECRET = { 'X-Telegram-Bot-Api-Secret-Token': SECRETS.telegramWebhookSecret };

/** The parts of a private-chat update that carry what the citizen typed or sent. */
const hostileContent = fc.oneof(
  { weight: 6, arbitrary: hostileText(4096).map((text) => ({ kind: 'message', body: { text } })) },
  {
    weight: 1,
    arbitrary: hostileText(1024).map((caption) => ({
      kind: 'message',
      body: { caption, photo: [{ file_id: 'AgAD-small', file_unique_id: 'u1', width: 90, height: 90 }] },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileText(200), hostileText(200)).map(([file_name, mime_type]) => ({
      kind: 'message',
      body: { document: { file_id: 'BQAD', file_unique_id: 'u2', file_name, mime_type } },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        hostileText(100),
      )
      .map(([latitude, longitude, title]) => ({
        kind: 'message',
        body: { venue: { location: { latitude, longitude }, title, address: title } },
      })),
  },
  { weight: 1, arbitrary: hostileText(64).map((data) => ({ kind: 'callback', body: { data } })) },
);

/** A well-formed update from a private chat, as Telegram would post it. */
function update(
  updateId: number,
  chatId: number,
  content: { kind: string; body: Record<string, unknown> },
  firstName: string,
) {
  const from = { id: chatId, is_bot: false, first_name: firstName, language_code: chatId % 3 ? 'it' : 'en' };
  const message = {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private' },
    from,
  };
  if (content.kind === 'callback')
    return {
      update_id: updateId,
      callback_query: {
        id: `cb${updateId}`,
        from,
        chat_instance: '1',
        message: { ...message, text: 'menu' },
        ...content.body,
      },
    };
  return { update_id: updateId, message: { ...message, ...content.body } };
}

/** Updates no Telegram server sends: wrong types and shapes at every level. */
const malformedUpdate = fc.oneof(
  anyJson,
  fc.record({ update_id: anyJson, message: anyJson }),
  fc.record({
    update_id: fc.nat(),
    message: fc.record(
      {
        message_id: anyJson,
        date: anyJson,
        chat: fc.oneof(anyJson, fc.record({ id: anyJson, type: fc.constantFrom('private', 'group', 7) })),
        from: fc.oneof(
          anyJson,
          fc.record({ id: anyJson, is_bot: anyJson, first_name: anyJson, language_code: anyJson }),
        ),
        text: anyJson,
        caption: fc.option(anyJson),
        photo: fc.option(anyJson),
        document: fc.option(anyJson),
        location: fc.option(anyJson),
        venue: fc.option(anyJson),
      },
      { requiredKeys: ['chat', 'from'] },
    ),
  }),
  fc.record({
    update_id: fc.nat(),
    callback_query: fc.record({ id: anyJson, from: anyJson, data: anyJson, message: anyJson }),
  }),
);

describe('Telegram webhook fuzz', () => {
  let h: AppHarness;
  let log: TurnLog;
  let nextUpdateId = 1;
  beforeAll(async () => {
    h = await startApp(NO_RATE_LIMIT);
    log = recordTurns(h.app.engine, 'telegram');
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`answers ${CHATS * UPDATES_EACH} hostile updates politely, never with an error`, async () => {
    const scripts = samples(
      fc.tuple(
        hostileText(64),
        fc.array(hostileContent, { minLength: UPDATES_EACH, maxLength: UPDATES_EACH }),
      ),
      CHATS,
      10,
    );
    const problems: string[] = [];
    let sent = 0;
    await inParallel(
      scripts.map((s, i) => ({ chatId: 100_000 + i, firstName: s[0], contents: s[1] })),
      8,
      async ({ chatId, firstName, contents }) => {
        for (const content of contents) {
          const res = await h.post(
            '/telegram/webhook',
            update(nextUpdateId++, chatId, content, firstName),
            SECRET,
          );
          sent += 1;
          if (res.status !== 200) problems.push(`${res.status} ${res.text.slice(0, 120)}`);
          const leak = leakIn(res.text);
          if (leak) problems.push(`leak ${leak}`);
        }
      },
    );
    expect(sent).toBe(CHATS * UPDATES_EACH);
    expect(problems).toEqual([]);
    expect(log.problems).toEqual([]);
    expect(log.unanswered).toEqual([]);
    expect(log.turns).toBeGreaterThanOrEqual(sent * 0.95);
  });

  it(`answers ${MALFORMED} malformed updates with a JSON 4xx (or ignores them with 200), never a 500`, async () => {
    const bodies = samples(malformedUpdate, MALFORMED, 11);
    const problems: string[] = [];
    await inParallel(bodies, 8, async (body) => {
      const res = await h.post('/telegram/webhook', JSON.stringify(body) ?? 'null', SECRET);
      // Telegram retries anything but 2xx: an update that maps to nothing is acknowledged and ignored.
      if (res.status === 200) return;
      const problem = badRequestProblem(res.status, res.text);
      if (problem) problems.push(`${JSON.stringify(body).slice(0, 160)}: ${problem}`);
    });
    expect(problems).toEqual([]);
    expect(log.problems).toEqual([]);
  });

  it('refuses every update without the right secret, whatever its body', async () => {
    const bodies = samples(malformedUpdate, 200, 12);
    for (const [i, body] of bodies.entries()) {
      const headers: Record<string, string> =
        i % 2 ? {} : { 'X-Telegram-Bot-Api-Secret-Token': `${SECRETS.telegramWebhookSecret}x` };
      const res = await h.post('/telegram/webhook', JSON.stringify(body) ?? 'null', headers);
      expect([res.status, badRequestProblem(res.status, res.text)]).toEqual([403, undefined]);
    }
  });
});
