import type { ChannelModule } from '../channel-module';
import { createTelegramChannel } from './index';
import { TELEGRAM } from './update-mapper';

/** Telegram through telegraf: long polling, or webhook mode with `TELEGRAM_WEBHOOK_URL`. On with a bot token. */
export const telegramModule: ChannelModule = {
  name: TELEGRAM,
  enabled: (config) => Boolean(config.TELEGRAM_BOT_TOKEN),
  create({ config, engine, logger, backend }) {
    const telegram = createTelegramChannel({
      engine,
      storage: backend.storage,
      logger,
      token: config.TELEGRAM_BOT_TOKEN ?? '',
      webhookUrl: config.TELEGRAM_WEBHOOK_URL,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: config.TELEGRAM_API_ROOT,
    });
    return {
      outbound: telegram.channel,
      routes: (server) => telegram.registerRoutes(server),
      // Webhook mode: Telegram posts as soon as the webhook is set, so start once the server listens.
      start: () => telegram.start(),
      stop: () => telegram.stop(),
    };
  },
};
