import type { Logger } from 'pino';
import { z } from 'zod';
import type { OutboundChannel } from '../engine/channel';
import type { ConversationRef, OutboundReply } from '../engine/types';
import type { EventBus } from '../events/event-bus';
import type { LeaderLock } from './leader-lock';

/** Bus topic carrying proactive sends to the instance that runs a leader-only channel. */
export const LEADER_SEND_TOPIC = 'cluster.leader-send';

const leaderSend = z.object({
  channel: z.string(),
  ref: z.object({ channel: z.string(), conversationId: z.string(), userId: z.string() }).passthrough(),
  replies: z.array(z.object({}).passthrough()),
});

/**
 * Wraps a channel that runs on the leader only (the whatsapp-web.js session): on the leader it sends
 * directly; on any other instance (an operator answering there) the replies travel over the bus and the
 * leader sends them. A forwarded send resolves once published, so its delivery errors are logged by the
 * leader, not thrown to the caller.
 */
export function leaderOnlyChannel(
  channel: OutboundChannel,
  lock: LeaderLock,
  bus: EventBus,
  logger: Logger,
): OutboundChannel & { close(): void } {
  const unsubscribe = bus.subscribe(LEADER_SEND_TOPIC, async (payload) => {
    if (!lock.isLeader) return;
    const parsed = leaderSend.safeParse(payload);
    if (!parsed.success || parsed.data.channel !== channel.name) return;
    try {
      await channel.send(
        parsed.data.ref as ConversationRef,
        parsed.data.replies as unknown as OutboundReply[],
      );
    } catch (err) {
      logger.error({ err, channel: channel.name }, 'forwarded proactive message not delivered');
    }
  });
  return {
    name: channel.name,
    capabilities: channel.capabilities,
    async send(ref, replies) {
      if (lock.isLeader) return channel.send(ref, replies);
      logger.debug({ channel: channel.name }, 'proactive message forwarded to the leader');
      await bus.publish(LEADER_SEND_TOPIC, { channel: channel.name, ref, replies });
    },
    close: unsubscribe,
  };
}
