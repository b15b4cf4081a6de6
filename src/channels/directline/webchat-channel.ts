import type { OutboundChannel, RecordedReplies } from '../../engine/channel';
import type { ConversationRef, OutboundReply } from '../../engine/types';
import { WEBCHAT_CHANNEL } from './activity-mapper';
import type { DirectLineService } from './direct-line-service';

/**
 * The outbound side of web chat, for proactive messages (operator replies, ticket updates). Its history is
 * the engine's transcript, where the engine records the replies first; this pushes them to the
 * conversation's open streams, and a page that is closed sees them on its next visit.
 */
export function webChatChannel(service: DirectLineService): OutboundChannel {
  return {
    name: WEBCHAT_CHANNEL,
    capabilities: { buttons: true, markup: 'markdown' },
    historyFromTranscript: true,
    async send(ref: ConversationRef, replies: readonly OutboundReply[], recorded?: RecordedReplies) {
      // Without positions (a caller outside the engine) there is nothing to stream: the page reads history.
      if (recorded) service.deliver(ref.conversationId, ref.userId, replies, recorded);
    },
  };
}
