import { texts } from '../../src/engine/texts';
import { type TranscriptEntry, transcriptStream } from '../../src/engine/transcript';
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
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await flooder.postRaw({ type: 'message', text: `messaggio ${i}` })).status);
    // The burst is answered; the rest are refused (429: not kept), so the client knows to send them again.
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const history = await fetch(`${h.url}/v3/directline/conversations/${flooder.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${flooder.token}` },
    });
    const texts_ = ((await history.json()) as { activities: Array<{ text?: string }> }).activities.map(
      (a) => a.text,
    );
    expect(texts_.filter((t) => t === texts.it.slowDown)).toHaveLength(1);

    const neighbour = await openConversation(h.url);
    const hello = await neighbour.say('ciao');
    expect(hello.length).toBeGreaterThan(0);
    expect(hello.map((a) => a.text)).not.toContain(texts.it.slowDown);
  });

  it('answers a Telegram flood with exactly one polite slow-down', async () => {
    const chatId = 777_000;
    const from = { id: chatId, is_bot: false, first_name: 'Flood', language_code: 'en' };
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
      // Telegram would deliver a refused update again and again: it is acknowledged, and dropped.
      expect(res.status).toBe(200);
    }
    // Replies leave through the channel's paced outbound queue; the transcript has what was said and kept.
    const transcript = (
      await h.app.storage.read<TranscriptEntry>(transcriptStream(`telegram:${chatId}`))
    ).map((e) => e.value);
    expect(transcript.filter((e) => e.dir === 'in')).toHaveLength(10);
    expect(transcript.filter((e) => e.dir === 'out' && e.reply.text === texts.en.slowDown)).toHaveLength(1);
  });
});
