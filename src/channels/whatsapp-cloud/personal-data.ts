import type { ChannelRecords } from '../../privacy/channel-records';
import { deleted } from '../../privacy/channel-records';
import { removeMenu } from '../whatsapp/personal-data';
import { CLOUD_CHANNEL } from './inbound';
import { CLOUD_WINDOWS } from './service-window';

/**
 * What the WhatsApp Cloud adapter keeps: the numbered menu per conversation, and per phone number when it
 * last wrote (the 24-hour service window), which retention drops once older than the cutoff.
 */
export const whatsAppCloudRecords: ChannelRecords = {
  channel: CLOUD_CHANNEL,
  eraseConversation: removeMenu,
  purgeConversation: removeMenu,
  eraseCitizen: (storage, userId) => deleted(storage.delete(CLOUD_WINDOWS, userId)),
  async sweep(storage, cutoff) {
    let n = 0;
    for (const { key, value } of await storage.list<{ lastInboundAt: string }>(CLOUD_WINDOWS))
      if (value.lastInboundAt < cutoff) n += await deleted(storage.delete(CLOUD_WINDOWS, key));
    return n;
  },
};
