import { leaderOnlyChannel } from '../../cluster';
import type { ChannelModule } from '../channel-module';
import { WEB_CHANNEL } from './inbound';
import { createWhatsAppWebChannel } from './index';
import { whatsAppWebRecords } from './personal-data';

/** WhatsApp through whatsapp-web.js (a linked phone, for pilots). On with `WHATSAPP_ENABLED=true`. */
export const whatsAppWebModule: ChannelModule = {
  name: WEB_CHANNEL,
  enabled: (config) => config.WHATSAPP_ENABLED,
  records: whatsAppWebRecords,
  async create({ config, engine, logger, backend }) {
    const whatsApp = createWhatsAppWebChannel({
      engine,
      storage: backend.storage,
      logger,
      sessionDir: config.WHATSAPP_SESSION_DIR,
      chromiumPath: config.CHROMIUM_PATH,
      ...(config.WHATSAPP_PAIRING_NUMBER ? { pairingPhoneNumber: config.WHATSAPP_PAIRING_NUMBER } : {}),
      defaultLang: config.DEFAULT_LANG,
    });
    // One linked phone, one browser: only the holder of the `whatsapp-web` leader lock runs the session
    // (another instance takes over within seconds when the holder dies); the others forward proactive
    // messages to it over the bus.
    const lock = backend.leaderLock('whatsapp-web');
    const outbound = leaderOnlyChannel(whatsApp.channel, lock, backend.bus, logger);
    lock.onChange((leader) => {
      // start() returns at once; the browser starts in the background.
      (leader ? whatsApp.start() : whatsApp.stop()).catch((err: unknown) =>
        logger.error({ err }, 'whatsapp-web session start/stop failed'),
      );
    });
    await lock.start();
    return {
      outbound,
      async stop() {
        outbound.close();
        await lock.stop();
        await whatsApp.stop();
      },
    };
  },
};
