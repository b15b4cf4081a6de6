import type { ChannelRecords } from '../../privacy/channel-records';
import { deleted } from '../../privacy/channel-records';
import { WEBCHAT_CHANNEL } from './activity-mapper';
import { activityStream, DL_CONVERSATIONS } from './conversation-store';

/**
 * What the web chat keeps per conversation: the Direct Line activity stream (what the page shows on reload)
 * and the conversation record. Erasure empties the stream; retention removes both.
 */
export const directLineRecords: ChannelRecords = {
  channel: WEBCHAT_CHANNEL,
  async eraseConversation(storage, { conversationId }) {
    return { records: 0, streams: await deleted(storage.deleteStream(activityStream(conversationId))) };
  },
  async purgeConversation(storage, { conversationId }) {
    return {
      streams: await deleted(storage.deleteStream(activityStream(conversationId))),
      records: await deleted(storage.delete(DL_CONVERSATIONS, conversationId)),
    };
  },
};
