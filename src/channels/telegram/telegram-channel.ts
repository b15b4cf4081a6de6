import type { Logger } from 'pino';
import { type Telegram, TelegramError } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ChannelCapabilities, OutboundChannel } from '../../engine/channel';
import type { ConversationRef, OutboundReply } from '../../engine/types';
import { KeyedQueue } from '../../shared/keyed-queue';
import type { CallbackData } from './callback-data';
import { TelegramDeliveryError } from './errors';
import type { OutboundQueue } from './outbound-queue';
import { renderReplies, type TelegramOutbound } from './reply-renderer';
import { TELEGRAM } from './update-mapper';

/** Telegram HTML without tags and entities, for the rare message Telegram refuses to parse. */
function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * The outbound side of the Telegram channel: renders replies (HTML, inline keyboards) and sends them through
 * the rate-limited {@link OutboundQueue}, in order per chat. Used for turn replies and proactive messages alike.
 */
export class TelegramChannel implements OutboundChannel {
  readonly name = TELEGRAM;
  readonly capabilities: ChannelCapabilities = { buttons: true, markup: 'telegram-html' };
  private readonly order = new KeyedQueue();

  constructor(
    private readonly telegram: Telegram,
    private readonly queue: OutboundQueue,
    private readonly callbackData: CallbackData,
    private readonly logger: Logger,
  ) {}

  /** Delivers the replies; rejects with {@link TelegramDeliveryError} when Telegram refuses one. */
  send(ref: ConversationRef, replies: readonly OutboundReply[]): Promise<void> {
    const chatId = ref.conversationId;
    return this.order.run(chatId, async () => {
      const calls = await renderReplies(replies, this.callbackData);
      const results = await Promise.allSettled(
        calls.map((call) => this.queue.enqueue(chatId, () => this.call(chatId, call))),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
  }

  private async call(chatId: string, call: TelegramOutbound): Promise<void> {
    try {
      if (call.kind === 'text') await this.sendText(chatId, call.html, call.keyboard);
      else if (call.kind === 'photo')
        await this.telegram.sendPhoto(chatId, call.file, call.caption ? { caption: call.caption } : {});
      else await this.telegram.sendDocument(chatId, call.file, call.caption ? { caption: call.caption } : {});
    } catch (err) {
      // 429 and 5xx go back to the queue, which retries them; anything else is final.
      if (err instanceof TelegramError && (err.code === 429 || err.code >= 500)) throw err;
      throw new TelegramDeliveryError(chatId, call.kind === 'text' ? 'sendMessage' : call.kind, err);
    }
  }

  private async sendText(chatId: string, html: string, keyboard?: InlineKeyboardButton[][]): Promise<void> {
    const extra = {
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
    };
    try {
      await this.telegram.sendMessage(chatId, html, { ...extra, parse_mode: 'HTML' });
    } catch (err) {
      if (!(err instanceof TelegramError && err.code === 400 && /parse entities/i.test(err.description)))
        throw err;
      this.logger.warn({ chat: chatId }, 'telegram refused the HTML; sending plain text');
      await this.telegram.sendMessage(chatId, htmlToText(html), extra);
    }
  }
}
