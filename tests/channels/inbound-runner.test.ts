import pino from 'pino';
import { InboundRunner } from '../../src/channels/inbound-runner';
import type { ConversationRef, OutboundReply } from '../../src/engine/types';

const ref = (id: string): ConversationRef => ({ channel: 'toy', conversationId: id, userId: id });

function runner(unreachable?: (err: unknown) => boolean) {
  const sent: Array<{ to: string; text: string }> = [];
  const r = new InboundRunner({
    channel: 'toy',
    logger: pino({ level: 'silent' }),
    engine: { getState: async () => undefined },
    defaultLang: 'it',
    send: async (to, replies: readonly OutboundReply[]) => {
      for (const reply of replies) sent.push({ to: to.conversationId, text: reply.text });
    },
    ...(unreachable ? { unreachable } : {}),
  });
  return { r, sent };
}

describe('InboundRunner', () => {
  it('answers one conversation in arrival order while others go on', async () => {
    const { r } = runner();
    const order: string[] = [];
    const slow = (label: string, ms: number) => async () => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(label);
    };
    r.submit(ref('a'), slow('a1', 30));
    r.submit(ref('a'), slow('a2', 1));
    r.submit(ref('b'), slow('b1', 5));
    await r.drain();
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('tells the citizen politely when a turn fails, never silence', async () => {
    const { r, sent } = runner();
    r.submit(ref('a'), async () => {
      throw new Error('database on fire');
    });
    await r.drain();
    expect(sent).toEqual([{ to: 'a', text: expect.stringMatching(/problema tecnico/i) }]);
  });

  it('stays quiet when nothing can be sent (the session is down)', async () => {
    const { r, sent } = runner(() => true);
    r.submit(ref('a'), async () => {
      throw new Error('not connected');
    });
    await r.drain();
    expect(sent).toEqual([]);
  });
});
