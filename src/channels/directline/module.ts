import type http from 'node:http';
import { cityPalette } from '../../look';
import type { ChannelModule } from '../channel-module';
import { registerWebChatPage } from '../webchat';
import { WEBCHAT_CHANNEL } from './activity-mapper';
import { createDirectLine } from './index';
import { directLineRecords } from './personal-data';

/** The web chat: the Direct Line 3.0 API and WebSocket streams, and the Web Chat page at `/`. Always on. */
export const webChatModule: ChannelModule = {
  name: WEBCHAT_CHANNEL,
  enabled: () => true,
  records: directLineRecords,
  async create({ config, engine, logger, backend, files, countRefusal, citizenSignIn, operatorHours }) {
    const directLine = await createDirectLine({
      storage: backend.storage,
      engine,
      logger,
      // Streams hear of other instances' activities over a shared bus; alone, this process has sent them all.
      ...(backend.multiInstance ? { bus: backend.bus } : {}),
      secret: config.DIRECTLINE_SECRET,
      tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
      newConversations: {
        perAddressPerHour: config.NEW_CONVERSATIONS_PER_ADDRESS,
        globalPerMinute: config.NEW_CONVERSATIONS_GLOBAL,
      },
      onNewConversationRefused: (scope) => countRefusal('conversation', scope),
      trustProxy: config.TRUST_PROXY,
      files,
      ...(citizenSignIn ? { citizenSignIn } : {}),
    });
    return {
      outbound: directLine.channel,
      routes(server) {
        directLine.registerRoutes(server);
        registerWebChatPage(server, {
          city: config.CITY_NAME,
          region: config.CITY_REGION,
          privacyUrl: config.PRIVACY_URL,
          accessibilityUrl: config.ACCESSIBILITY_URL,
          operatorHours: operatorHours('it'),
          frameAncestors: config.WIDGET_ALLOWED_ORIGINS,
          cityColor: cityPalette(config.CITY_COLOR).primary,
        });
      },
      attach: (httpServer: http.Server) => directLine.attach(httpServer),
      stop: () => directLine.close(),
    };
  },
};
