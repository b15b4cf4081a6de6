import { botFrameworkModule } from './botframework/module';
import type { ChannelModule } from './channel-module';
import { webChatModule } from './directline/module';
import { channelRecords } from './personal-data';
import { telegramModule } from './telegram/module';
import { whatsAppWebModule } from './whatsapp/module';
import { whatsAppCloudModule } from './whatsapp-cloud/module';

/** The channels Sportello ships with; the composition root creates each one the configuration enables. */
export const BUILTIN_CHANNELS: readonly ChannelModule[] = [
  webChatModule,
  botFrameworkModule,
  telegramModule,
  whatsAppWebModule,
  whatsAppCloudModule,
];

/** What the built-in channels keep about citizens (tests wire the privacy room with it). */
export const BUILTIN_CHANNEL_RECORDS = channelRecords(BUILTIN_CHANNELS);
