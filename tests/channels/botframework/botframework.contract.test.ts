import pino from 'pino';
import { createBotFrameworkChannel } from '../../../src/channels/botframework';
import { createServer } from '../../../src/http/server';
import { channelContract } from '../channel.contract';
import { emulatorCitizen } from './emulator-citizen';
import { FakeConnector } from './fake-connector';

channelContract('botframework (anonymous, Emulator)', async ({ engine, storage }) => {
  const logger = pino({ level: 'silent' });
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const server = createServer(logger);
  const bot = createBotFrameworkChannel({
    engine,
    storage,
    logger,
    appType: 'MultiTenant',
    allowAnonymous: true,
  });
  bot.registerRoutes(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const botUrl = server.url.replace('[::]', '127.0.0.1');
  return {
    channel: bot.channel,
    citizen: () => emulatorCitizen(botUrl, serviceUrl, connector),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
    },
  };
});
