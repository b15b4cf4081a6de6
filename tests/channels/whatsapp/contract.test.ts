import { createWhatsAppWebChannel } from '../../../src/channels/whatsapp';
import { type Citizen, channelContract } from '../channel.contract';
import { FakeClient } from './fake-client';
import { webCitizen } from './web-citizen';

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

  return {
    channel: wa.channel,
    citizen(): Citizen {
      citizens += 1;
      return webCitizen(() => client, `39333${String(citizens).padStart(7, '0')}@c.us`);
    },
    close: () => wa.stop(),
  };
});
