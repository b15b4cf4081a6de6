import type { OutboundChannel } from '../../engine/channel';
import type { ConversationRef, OutboundReply } from '../../engine/types';
import { WEBCHAT_CHANNEL } from './activity-mapper';
import type { DirectLineService } from './direct-line-service';

/**
 * The outbound side of web chat, for proactive messages (operator replies, ticket updates): stores the
 * replies in the conversation's history and pushes them to its open streams; a page that is closed sees
 * them on its next visit.
 */
export function webChatChannel(service: DirectLineService): OutboundChannel {
  return {
    name: WEBCHAT_CHANNEL,
    capabilities: { buttons: true, markup: 'markdown' },
    async send(ref: ConversationRef, replies: readonly OutboundReply[]): Promise<void> {
      await service.deliver(ref.conversationId, ref.userId, replies);
    },
  };
}
