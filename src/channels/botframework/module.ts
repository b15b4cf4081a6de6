import type { ChannelModule } from '../channel-module';
import { BOTFRAMEWORK } from './activity-mapper';
import { createBotFrameworkChannel } from './index';
import { botFrameworkRecords } from './personal-data';

/** `POST /api/messages` for the Bot Framework Emulator, Azure Bot Service and Teams. Always mounted (401 without credentials). */
export const botFrameworkModule: ChannelModule = {
  name: BOTFRAMEWORK,
  enabled: () => true,
  records: botFrameworkRecords,
  create({ config, engine, logger, backend }) {
    const botFramework = createBotFrameworkChannel({
      engine,
      storage: backend.storage,
      logger,
      appId: config.MICROSOFT_APP_ID,
      appPassword: config.MICROSOFT_APP_PASSWORD,
      appTenantId: config.MICROSOFT_APP_TENANT_ID,
      appType: config.MICROSOFT_APP_TYPE,
      allowAnonymous: config.BOTFRAMEWORK_ALLOW_ANONYMOUS,
    });
    return { outbound: botFramework.channel, routes: (server) => botFramework.registerRoutes(server) };
  },
};
