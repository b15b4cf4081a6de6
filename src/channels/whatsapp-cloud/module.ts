import type { ChannelModule } from '../channel-module';
import { CLOUD_CHANNEL } from './inbound';
import { createWhatsAppCloudChannel } from './index';
import { whatsAppCloudRecords } from './personal-data';

/** The WhatsApp Business Cloud API (the supported route for production). On with `WHATSAPP_CLOUD_TOKEN`. */
export const whatsAppCloudModule: ChannelModule = {
  name: CLOUD_CHANNEL,
  enabled: (config) => Boolean(config.WHATSAPP_CLOUD_TOKEN),
  records: whatsAppCloudRecords,
  create({ config, engine, logger, backend }) {
    const cloud = createWhatsAppCloudChannel({
      engine,
      storage: backend.storage,
      logger,
      token: config.WHATSAPP_CLOUD_TOKEN ?? '',
      // loadConfig requires these three whenever WHATSAPP_CLOUD_TOKEN is set.
      phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
      appSecret: config.WHATSAPP_CLOUD_APP_SECRET ?? '',
      verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
      apiRoot: config.WHATSAPP_CLOUD_API_ROOT,
      ...(config.WHATSAPP_CLOUD_TEMPLATE
        ? {
            template: { name: config.WHATSAPP_CLOUD_TEMPLATE, language: config.WHATSAPP_CLOUD_TEMPLATE_LANG },
          }
        : {}),
      defaultLang: config.DEFAULT_LANG,
    });
    return {
      outbound: cloud.channel,
      routes: (server) => cloud.registerRoutes(server),
      stop: () => cloud.drain(),
    };
  },
};
