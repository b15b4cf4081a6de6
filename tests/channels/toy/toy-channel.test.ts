import { z } from 'zod';
import type { ChannelModule } from '../../../src/channels/channel-module';
import { registerChannel } from '../../../src/channels/registry';
import { loadConfig } from '../../../src/config';
import type { OutboundReply } from '../../../src/engine/types';
import { ERASE_YES } from '../../../src/privacy';
import { deleted } from '../../../src/privacy/channel-records';
import { type AppHarness, startApp } from '../../http/app-harness';

/**
 * A toy channel added exactly as docs/extending.md shows: one module, one `registerChannel()` call, no edit
 * anywhere else. Citizens post `{ user, text }` to `/toy/messages` with the channel's token and read the
 * replies in the response; the channel keeps each citizen's last message time (personal data it declares).
 */
const TOY = 'toy';
const LAST_SEEN = 'toy-last-seen';
const outbox: Array<{ to: string; replies: readonly OutboundReply[] }> = [];
let started = 0;

const toyChannel: ChannelModule = {
  name: TOY,
  settings: z.object({ TOY_TOKEN: z.string().min(8, 'must be at least 8 characters') }),
  enabled: (config) => config.channelSettings[TOY] !== undefined,
  records: {
    channel: TOY,
    eraseConversation: async (storage, { conversationId }) => ({
      records: await deleted(storage.delete(LAST_SEEN, conversationId)),
      streams: 0,
    }),
    purgeConversation: async (storage, { conversationId }) => ({
      records: await deleted(storage.delete(LAST_SEEN, conversationId)),
      streams: 0,
    }),
  },
  create({ engine, backend, settings }) {
    const { TOY_TOKEN } = settings as { TOY_TOKEN: string };
    return {
      outbound: {
        name: TOY,
        capabilities: { buttons: true, markup: 'markdown' },
        async send(ref, replies) {
          outbox.push({ to: ref.conversationId, replies });
        },
      },
      routes(server) {
        server.post('/toy/messages', async (req, res) => {
          if (req.headers.authorization !== `Bearer ${TOY_TOKEN}`) {
            res.status(401);
            res.json({ error: 'unauthorized' });
            return;
          }
          const { user, text, value } = req.body as { user: string; text: string; value?: string };
          await backend.storage.put(LAST_SEEN, user, { at: new Date().toISOString() });
          const replies = await engine.handle({
            id: `toy-${Date.now()}-${Math.random()}`,
            ref: { channel: TOY, conversationId: user, userId: user },
            text,
            ...(value ? { value } : {}),
            timestamp: new Date(),
          });
          res.json({ replies });
        });
      },
      async start() {
        started++;
        throw new Error('the toy network is down');
      },
    };
  },
};
registerChannel(toyChannel);

describe('a channel added through registerChannel()', () => {
  let h: AppHarness | undefined;
  afterAll(async () => {
    await h?.close();
  });

  it('has its settings read with the configuration, a bad one naming the variable', () => {
    expect(loadConfig({ TOY_TOKEN: 'secret-toy-token' }).channelSettings[TOY]).toEqual({
      TOY_TOKEN: 'secret-toy-token',
    });
    expect(() => loadConfig({ TOY_TOKEN: 'short' })).toThrow(/TOY_TOKEN.*at least 8/);
    expect(() => registerChannel(toyChannel)).toThrow(/already registered/);
  });

  it('carries a citizen through the engine, even though its start failed, and its data is erased on request', async () => {
    h = await startApp({ TOY_TOKEN: 'secret-toy-token' });
    expect(started).toBe(1);
    const say = async (text: string, value?: string) => {
      const res = await h?.post(
        '/toy/messages',
        { user: 'anna', text, ...(value ? { value } : {}) },
        { Authorization: 'Bearer secret-toy-token' },
      );
      expect(res?.status).toBe(200);
      return (JSON.parse(res?.text ?? '{}') as { replies: OutboundReply[] }).replies;
    };
    const hello = await say('ciao');
    expect(hello.map((r) => r.text).join('\n')).toMatch(/Comune di Esempio/);
    expect((await h.post('/toy/messages', { user: 'x', text: 'ciao' })).status).toBe(401);
    // The web chat still works next to it.
    expect((await h.post('/api/webchat/session', {})).status).toBe(200);

    expect(await h.app.storage.get(LAST_SEEN, 'anna')).toBeDefined();
    await say('cancella i miei dati');
    const done = await say('sì', ERASE_YES);
    expect(done.map((r) => r.text).join('\n')).toMatch(/cancellat/i);
    expect(await h.app.storage.get(LAST_SEEN, 'anna')).toBeUndefined();
  });
});
