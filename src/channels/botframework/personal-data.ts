import type { ChannelRecords, ConversationOfChannel, RemovedRecords } from '../../privacy/channel-records';
import { deleted } from '../../privacy/channel-records';
import type { Storage } from '../../storage/storage';
import { BOTFRAMEWORK } from './activity-mapper';
import { OFFERED_CHOICES } from './choice-memory';
import { REFERENCES } from './references';

async function remove(storage: Storage, { conversationId }: ConversationOfChannel): Promise<RemovedRecords> {
  const records =
    (await deleted(storage.delete(REFERENCES, conversationId))) +
    (await deleted(storage.delete(OFFERED_CHOICES, conversationId)));
  return { records, streams: 0 };
}

/** What the Bot Framework endpoint keeps per conversation: the conversation reference and the offered choices. */
export const botFrameworkRecords: ChannelRecords = {
  channel: BOTFRAMEWORK,
  eraseConversation: remove,
  purgeConversation: remove,
};
