import { texts } from '../../src/engine/texts';
import { type AppHarness, SECRETS, startApp } from '../http/app-harness';
import { openConversation } from '../http/directline-client';

/** A citizen flooding the bot gets one polite "slow down", then silence, while others are answered as usual. */
describe('per-citizen flood protection (default RATE_LIMIT_BURST=10, RATE_LIMIT_PER_MINUTE=30)', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a web chat flood with exactly one polite slow-down and keeps serving other citizens', async () => {
    const flooder = await openConversation(h.url);
    const replies: string[] = [];
    for (let i = 0; i < 40; i++)
      replies.push(...(await flooder.say(`messaggio ${i}`)).map((a) => a.text ?? ''));
    expect(replies.filter((t) => t === texts.it.slowDown)).toHaveLength(1);
    // The 40 messages got far fewer answers than a non-flooding citizen would get.
    const answered = replies.length;
    expect(answered).toBeLessThan(40);

    const neighbour = await openConversation(h.url);
    const hello = await neighbour.say('ciao');
    expect(hello.length).toBeGreaterThan(0);
    expect(hello.map((a) => a.text)).not.toContain(texts.it.slowDown);
  });

  it('answers a Telegram flood with exactly one polite slow-down', async () => {
    const chatId = 777_000;
    const from = { id: chatId, is_bot: false, first_name: 'Flood', language_code: 'en' };
    const sent: string[] = [];
    h.app.engine.onTurn(({ state, replies }) => {
      if (state.ref.conversationId === String(chatId)) sent.push(...replies.map((r) => r.reply.text));
    });
    for (let i = 0; i < 40; i++) {
      const res = await h.post(
        '/telegram/webhook',
        {
          update_id: 50_000 + i,
          message: {
            message_id: i,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: 'private' },
            from,
            text: `spam ${i}`,
          },
        },
        { 'X-Telegram-Bot-Api-Secret-Token': SECRETS.telegramWebhookSecret },
      );
      expect(res.status).toBe(200);
    }
    expect(sent.filter((t) => t === texts.en.slowDown)).toHaveLength(1);
  });
});
