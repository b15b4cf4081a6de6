import pino from 'pino';
import type { Server } from 'restify';
import { createTelegramChannel } from '../../../src/channels/telegram';
import { createServer } from '../../../src/http/server';
import { channelContract } from '../channel.contract';
import { FakeBotApi } from './fake-bot-api';
import { telegramCitizen } from './telegram-citizen';

const logger = pino({ level: 'silent' });
// Faster per-chat pacing than Telegram's so the suite stays short; the real limits have their own tests.
const limits = { perChatIntervalMs: 20 };

channelContract('telegram (long polling)', async ({ engine, storage }) => {
  const api = new FakeBotApi();
  const apiRoot = await api.start();
  const telegram = createTelegramChannel({ engine, storage, logger, token: api.token, apiRoot, limits });
  await telegram.start();
  return {
    channel: telegram.channel,
    citizen: () =>
      telegramCitizen(api, async (update) => {
        api.push(update);
      }),
    async close() {
      await telegram.stop();
      await api.close();
    },
  };
});

channelContract('telegram (webhook)', async ({ engine, storage }) => {
  const api = new FakeBotApi();
  const apiRoot = await api.start();
  const server: Server = createServer(logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `${server.url.replace('[::]', '127.0.0.1')}/telegram/webhook`;
  const telegram = createTelegramChannel({
    engine,
    storage,
    logger,
    token: api.token,
    apiRoot,
    webhookUrl,
    webhookSecret: 'contract-secret-0123456789',
    limits,
  });
  telegram.registerRoutes(server);
  await telegram.start();
  return {
    channel: telegram.channel,
    citizen: () =>
      telegramCitizen(api, async (update) => {
        const status = await api.deliver(update);
        if (status !== 200) throw new Error(`webhook answered ${status}`);
      }),
    async close() {
      await telegram.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
});
