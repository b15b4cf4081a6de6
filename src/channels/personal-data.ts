import type { ChannelRecords } from '../privacy/channel-records';
import { botFrameworkRecords } from './botframework/personal-data';
import { directLineRecords } from './directline/personal-data';
import { whatsAppWebRecords } from './whatsapp/personal-data';
import { whatsAppCloudRecords } from './whatsapp-cloud/personal-data';

/**
 * The personal data each built-in channel keeps beyond the engine's state and transcripts, for the privacy
 * room's erasure and retention. Telegram keeps none (its button values are not personal).
 */
export const CHANNEL_RECORDS: readonly ChannelRecords[] = [
  directLineRecords,
  botFrameworkRecords,
  whatsAppWebRecords,
  whatsAppCloudRecords,
];
