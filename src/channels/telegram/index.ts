import type { Logger } from 'pino';
import type { Server } from 'restify';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { OutboundChannel } from '../../engine/channel';
import type { Engine } from '../../engine/engine';
import type { Storage } from '../../storage/storage';
import { CallbackData } from './callback-data';
import { BOT_COMMANDS } from './commands';
import { TelegramStartError, TelegramStoppedError } from './errors';
import { OutboundQueue, type OutboundQueueOptions } from './outbound-queue';
import { SeenUpdates } from './seen-updates';
import { TelegramChannel } from './telegram-channel';
import { mapUpdate } from './update-mapper';
import { registerWebhookRoute } from './webhook-route';

export { TelegramDeliveryError, TelegramStartError, TelegramStoppedError } from './errors';
export { WEBHOOK_PATH } from './webhook-route';

/** What {@link createTelegramChannel} needs. */
export interface TelegramChannelOptions {
  engine: Engine;
  storage: Storage;
  logger: Logger;
  /** `TELEGRAM_BOT_TOKEN`. */
  token: string;
  /** `TELEGRAM_WEBHOOK_URL`: webhook mode when set, long polling otherwise. */
  webhookUrl?: string;
  /** `TELEGRAM_WEBHOOK_SECRET`: required with `webhookUrl`. */
  webhookSecret?: string;
  /** `TELEGRAM_API_ROOT` (default `https://api.telegram.org`). */
  apiRoot?: string;
  /** Outbound rate limits; Telegram's defaults unless a test needs them faster. */
  limits?: Pick<OutboundQueueOptions, 'globalPerSecond' | 'perChatIntervalMs' | 'maxAttempts'>;
}

/** The Telegram channel as the composition root sees it. */
export interface TelegramChannelHandle {
  /** Mounts `POST /telegram/webhook` (webhook mode only). */
  registerRoutes(server: Server): void;
  /** The outbound adapter to give to `engine.addChannel`. */
  channel: OutboundChannel;
  /** Checks the token, registers the commands, then sets the webhook or starts long polling. */
  start(): Promise<void>;
  /** Stops polling and lets queued messages leave (up to a few seconds). */
  stop(): Promise<void>;
  /** A download URL for a file id the citizen sent; it embeds the bot token, so never store or show it. */
  fileUrl(fileId: string): Promise<string>;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const DRAIN_MS = 5_000;

/**
 * Creates the Telegram channel on telegraf: long polling by default, webhook mode when `webhookUrl` is set.
 * Each update is de-duplicated by id, mapped to an {@link import('../../engine/types').InboundMessage}, handled
 * by the engine, and the replies leave through the rate-limited queue as HTML with inline keyboards.
 */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannelHandle {
  const { engine, storage, logger, webhookUrl, webhookSecret } = options;
  if (webhookUrl && !webhookSecret)
    throw new TelegramStartError('a webhook secret is required in webhook mode');
  const bot = new Telegraf(options.token, {
    telegram: { apiRoot: options.apiRoot ?? 'https://api.telegram.org', webhookReply: false },
    handlerTimeout: 60_000,
  });
  const queue = new OutboundQueue({ logger, ...options.limits });
  const callbackData = new CallbackData(storage);
  const seen = new SeenUpdates(storage, logger);
  const channel = new TelegramChannel(bot.telegram, queue, callbackData, logger);
  let polling: Promise<void> | undefined;

  async function onUpdate(update: Update): Promise<void> {
    const mapped = mapUpdate(update);
    // Always answer a pressed button, even a repeated one, or the citizen's app shows a spinner.
    if (mapped?.callbackQueryId)
      await bot.telegram
        .answerCbQuery(mapped.callbackQueryId)
        .catch((err) => logger.debug({ err }, 'answerCallbackQuery failed'));
    if (!(await seen.firstTime(update.update_id))) {
      logger.debug({ updateId: update.update_id }, 'duplicate telegram update ignored');
      return;
    }
    if (!mapped) return;
    let message = mapped.message;
    if (mapped.callbackData !== undefined) {
      const value = await callbackData.decode(mapped.callbackData);
      if (value !== undefined) message = { ...message, value };
    }
    let replies: Awaited<ReturnType<Engine['handle']>>;
    try {
      replies = await engine.handle(message);
    } catch (err) {
      // Let a redelivery (webhook retry after our 500) be processed instead of dropped as a duplicate.
      await seen.forget(update.update_id);
      throw err;
    }
    if (replies.length === 0) return;
    // Not awaited: the queue may pace the replies for seconds, and Telegram should not wait for that.
    channel
      .send(message.ref, replies)
      .catch((err) =>
        logger.error({ err, chat: message.ref.conversationId }, 'telegram reply not delivered'),
      );
  }

  bot.use(async (ctx) => onUpdate(ctx.update));
  bot.catch((err, ctx) => logger.error({ err, updateId: ctx.update.update_id }, 'telegram update failed'));

  return {
    channel,
    registerRoutes(server) {
      if (webhookUrl && webhookSecret)
        registerWebhookRoute(server, { secret: webhookSecret, logger, onUpdate });
    },
    async start() {
      try {
        bot.botInfo = await bot.telegram.getMe();
      } catch (err) {
        throw new TelegramStartError('getMe failed (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT)', err);
      }
      try {
        await bot.telegram.setMyCommands(BOT_COMMANDS.it);
        await bot.telegram.setMyCommands(BOT_COMMANDS.it, { language_code: 'it' });
        await bot.telegram.setMyCommands(BOT_COMMANDS.en, { language_code: 'en' });
      } catch (err) {
        // The menu of commands is a convenience: the commands work typed, so the bot starts without it.
        logger.warn(
          { err, channel: 'telegram' },
          'telegram command menu not registered; starting without it',
        );
      }
      if (webhookUrl) {
        await bot.telegram.setWebhook(webhookUrl, {
          secret_token: webhookSecret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        logger.info({ bot: bot.botInfo.username, mode: 'webhook' }, 'telegram channel started');
        return;
      }
      polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err) => {
        logger.error({ err }, 'telegram polling stopped with an error');
      });
      logger.info({ bot: bot.botInfo.username, mode: 'polling' }, 'telegram channel started');
    },
    async stop() {
      if (polling) {
        bot.stop('shutdown');
        await polling;
        polling = undefined;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([queue.idle(), new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
      queue.clear(new TelegramStoppedError());
    },
    async fileUrl(fileId) {
      return (await bot.telegram.getFileLink(fileId)).toString();
    },
  };
}
