import { VirtualClock } from './fake-client';
import { webHarness } from './harness';

describe('WhatsApp (whatsapp-web.js) outbound pacing', () => {
  it('keeps each chat in order, spaces its messages, and spaces all messages overall', async () => {
    const clock = new VirtualClock();
    const h = await webHarness({ clock: clock.now, pacing: { perChatMs: 1000, globalMs: 250, ...clock } });
    try {
      h.client().link();
      const a = { channel: 'whatsapp', conversationId: '393330000001@c.us', userId: '393330000001@c.us' };
      const b = { channel: 'whatsapp', conversationId: '393330000002@c.us', userId: '393330000002@c.us' };
      await clock.runUntil(
        Promise.all([
          h.wa.channel.send(a, [{ text: 'A1' }, { text: 'A2' }, { text: 'A3' }]),
          h.wa.channel.send(b, [{ text: 'B1' }, { text: 'B2' }]),
        ]),
      );
      const sent = h.client().sent;
      const of = (chat: string) => sent.filter((m) => m.chatId === chat);
      expect(of(a.conversationId).map((m) => m.text)).toEqual(['A1', 'A2', 'A3']);
      expect(of(b.conversationId).map((m) => m.text)).toEqual(['B1', 'B2']);
      for (const chat of [a.conversationId, b.conversationId]) {
        const times = of(chat).map((m) => m.at);
        for (let i = 1; i < times.length; i++)
          expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
      }
      const all = sent.map((m) => m.at);
      for (let i = 1; i < all.length; i++)
        expect((all[i] ?? 0) - (all[i - 1] ?? 0)).toBeGreaterThanOrEqual(250);
      // The second chat does not wait for the first to finish.
      expect(sent.findIndex((m) => m.text === 'B1')).toBeLessThan(sent.findIndex((m) => m.text === 'A2'));
    } finally {
      await h.wa.stop();
    }
  });
});
