import type { ChannelRecords, ConversationOfChannel, RemovedRecords } from '../../privacy/channel-records';
import { deleted } from '../../privacy/channel-records';
import type { Storage } from '../../storage/storage';
import { WEB_CHANNEL } from './inbound';
import { WHATSAPP_MENUS } from './menu-memory';

/** Removes the numbered menu last offered in a conversation (both WhatsApp adapters keep one). */
export async function removeMenu(storage: Storage, { key }: ConversationOfChannel): Promise<RemovedRecords> {
  return { records: await deleted(storage.delete(WHATSAPP_MENUS, key)), streams: 0 };
}

/** What the whatsapp-web.js adapter keeps per conversation: the numbered menu last offered. */
export const whatsAppWebRecords: ChannelRecords = {
  channel: WEB_CHANNEL,
  eraseConversation: removeMenu,
  purgeConversation: removeMenu,
};
