import { createWhatsAppWebChannel } from '../../../src/channels/whatsapp';
import type { WebMessageLike } from '../../../src/channels/whatsapp/client';
import type { ConversationRef } from '../../../src/engine/types';
import { type Citizen, channelContract, type Received } from '../channel.contract';
import { FakeClient, recorded } from './fake-client';
import { numberedChoices, visibleText } from './visible-text';

channelContract('whatsapp (whatsapp-web.js)', async ({ engine, storage }) => {
  let client: FakeClient | undefined;
  const wa = createWhatsAppWebChannel({
    engine,
    storage,
    logger: require('pino')({ level: 'silent' }),
    sessionDir: './data/whatsapp-session-test',
    chromiumPath: '/usr/bin/chromium',
    clientFactory: (options) => {
      client = new FakeClient(options);
      return client;
    },
    pacing: { perChatMs: 0, globalMs: 0 },
    terminal: { write: () => undefined },
  });
  await wa.start();
  client?.link();
  let citizens = 0;
  let ids = 0;

  return {
    channel: wa.channel,
    citizen(): Citizen {
      citizens += 1;
      const chat = `39333${String(citizens).padStart(7, '0')}@c.us`;
      const ref: ConversationRef = { channel: 'whatsapp', conversationId: chat, userId: chat };
      const from = (name: string, extra: Partial<WebMessageLike> = {}) => {
        ids += 1;
        const message = recorded(name, { from: chat, ...extra });
        message.id = { _serialized: `false_${chat}_CONTRACT${ids}` };
        return message;
      };
      const emit = (message: WebMessageLike) => client?.emit('message', message);
      const received = (): Received[] =>
        (client?.sent ?? [])
          .filter((m) => m.chatId === chat)
          .map((m) => ({ text: visibleText(m.text), raw: m.text, choices: numberedChoices(m.text) }));
      return {
        ref,
        async say(text) {
          emit(from('text', { body: text }));
        },
        async press(label) {
          // On WhatsApp Web a citizen answers a numbered menu by typing the option's number.
          const menu = received().findLast((r) => r.choices.some((c) => c.label === label));
          const choice = menu?.choices.find((c) => c.label === label);
          if (!choice) throw new Error(`No message offers "${label}"`);
          emit(from('text', { body: choice.value }));
        },
        async shareLocation(latitude, longitude) {
          emit(from('location', { location: { latitude, longitude, description: '' } }));
        },
        async sendPhoto() {
          emit(from('image', { body: '' }));
        },
        async sayTwice(text) {
          const message = from('text', { body: text });
          emit(message);
          emit({ ...message });
        },
        received,
      };
    },
    close: () => wa.stop(),
  };
});
