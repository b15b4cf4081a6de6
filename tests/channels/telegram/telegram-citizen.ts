import type { Citizen, Received } from '../channel.contract';
import type { FakeBotApi } from './fake-bot-api';

let nextChatId = 5000;

/** Telegram HTML as the app shows it: tags applied (dropped here), entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

/** A Telegram user in a private chat, talking through the fake Bot API by polling or webhook. */
export function telegramCitizen(
  api: FakeBotApi,
  deliver: (update: { update_id: number }) => Promise<void>,
): Citizen {
  const chatId = nextChatId++;
  const from = { id: chatId, is_bot: false, first_name: 'Maria', language_code: 'it' };
  const chat = { id: chatId, type: 'private' as const, first_name: 'Maria' };
  let messageId = 1;
  const message = (extra: Record<string, unknown>) => ({
    update_id: api.updateId(),
    message: { message_id: messageId++, from, chat, date: Math.floor(Date.now() / 1000), ...extra },
  });
  const sent = () => api.callsOf('sendMessage', chatId);
  return {
    ref: { channel: 'telegram', conversationId: String(chatId), userId: String(chatId) },
    say: (text) => deliver(message({ text })),
    async sayTwice(text) {
      const update = message({ text });
      await deliver(update);
      await deliver(update);
    },
    async press(label) {
      const call = sent()
        .reverse()
        .find((c) => keyboard(c.payload).some((b) => b.text === label));
      const button = call && keyboard(call.payload).find((b) => b.text === label);
      if (!call || !button?.callback_data) throw new Error(`no button "${label}" was offered`);
      await deliver({
        update_id: api.updateId(),
        callback_query: {
          id: `cb${api.updateId()}`,
          from,
          chat_instance: 'ci1',
          data: button.callback_data,
          message: {
            message_id: 900,
            date: 0,
            chat,
            text: visibleText(String(call.payload.text)),
            reply_markup: call.payload.reply_markup,
          },
        },
      } as { update_id: number });
    },
    shareLocation: (latitude, longitude) => deliver(message({ location: { latitude, longitude } })),
    sendPhoto: () =>
      deliver(
        message({
          photo: [
            { file_id: 'small-id', file_unique_id: 's', width: 90, height: 90, file_size: 900 },
            { file_id: 'large-id', file_unique_id: 'l', width: 1280, height: 960, file_size: 120_000 },
          ],
        }),
      ),
    sendDocument: () =>
      deliver(
        message({
          document: {
            file_id: 'doc-id',
            file_unique_id: 'd',
            file_name: 'libretto.pdf',
            mime_type: 'application/pdf',
            file_size: 48_000,
          },
        }),
      ),
    received: () =>
      sent().map(
        (c): Received => ({
          raw: String(c.payload.text),
          text: visibleText(String(c.payload.text)),
          choices: keyboard(c.payload).map((b) => ({ label: b.text, value: b.callback_data ?? b.url ?? '' })),
        }),
      ),
  };
}

function keyboard(payload: Record<string, unknown>): Button[] {
  const markup = payload.reply_markup as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}
