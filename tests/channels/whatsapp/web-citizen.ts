import type { WebMessageLike } from '../../../src/channels/whatsapp/client';
import type { ConversationRef } from '../../../src/engine/types';
import type { Citizen, Received } from '../channel.contract';
import { type FakeClient, recorded } from './fake-client';
import { numberedChoices, visibleText } from './visible-text';

let ids = 0;

/**
 * A WhatsApp user writing to the linked phone through the whatsapp-web.js client double: recorded payloads
 * re-addressed from `chat` (e.g. `393330000001@c.us`), replies read from what the client sent to that chat.
 */
export function webCitizen(client: () => FakeClient | undefined, chat: string): Citizen {
  const ref: ConversationRef = { channel: 'whatsapp', conversationId: chat, userId: chat };
  const from = (name: string, extra: Partial<WebMessageLike> = {}) => {
    ids += 1;
    const message = recorded(name, { from: chat, ...extra });
    message.id = { _serialized: `false_${chat}_CITIZEN${ids}` };
    return message;
  };
  const emit = (message: WebMessageLike) => client()?.emit('message', message);
  const received = (): Received[] =>
    (client()?.sent ?? [])
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
    async sendDocument() {
      emit(from('document', { body: '' }));
    },
    async sayTwice(text) {
      const message = from('text', { body: text });
      emit(message);
      emit({ ...message });
    },
    received,
  };
}
