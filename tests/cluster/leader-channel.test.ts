import pino from 'pino';
import { leaderOnlyChannel } from '../../src/cluster/leader-channel';
import { LocalLeaderLock } from '../../src/cluster/leader-lock';
import type { OutboundChannel } from '../../src/engine/channel';
import type { ConversationRef, OutboundReply } from '../../src/engine/types';
import { LocalEventBus } from '../../src/events/local-event-bus';
import { until } from '../events/postgres-probe';

const logger = pino({ level: 'silent' });
const ref: ConversationRef = {
  channel: 'whatsapp',
  conversationId: '393331234567@c.us',
  userId: '393331234567',
};
const reply: OutboundReply = { text: 'Buongiorno, sono Giulia.', format: 'plain' };

/** A whatsapp-web channel double recording what it sent (only the leader's session can send). */
function recordingChannel(sent: Array<[ConversationRef, readonly OutboundReply[]]>): OutboundChannel {
  return {
    name: 'whatsapp',
    capabilities: { buttons: false, markup: 'whatsapp' },
    async send(to, replies) {
      sent.push([to, replies]);
    },
  };
}

describe('leaderOnlyChannel', () => {
  it('sends on the leader, and forwards an operator’s message from another instance to the leader', async () => {
    const bus = new LocalEventBus(logger); // one bus standing for the instances' shared one
    const leaderLock = new LocalLeaderLock('whatsapp-web');
    await leaderLock.start();
    const followerLock = new LocalLeaderLock('whatsapp-web'); // never started: not the leader
    const onLeader: Array<[ConversationRef, readonly OutboundReply[]]> = [];
    const onFollower: Array<[ConversationRef, readonly OutboundReply[]]> = [];
    const leader = leaderOnlyChannel(recordingChannel(onLeader), leaderLock, bus, logger);
    const follower = leaderOnlyChannel(recordingChannel(onFollower), followerLock, bus, logger);

    await leader.send(ref, [reply]);
    expect(onLeader).toEqual([[ref, [reply]]]);

    await follower.send(ref, [{ ...reply, text: 'Le scrivo da un’altra istanza.' }]);
    await until(() => onLeader.length === 2, 'the forwarded message on the leader');
    expect(onLeader[1]).toEqual([ref, [{ ...reply, text: 'Le scrivo da un’altra istanza.' }]]);
    expect(onFollower).toEqual([]); // the follower's session never runs

    leader.close();
    follower.close();
    await bus.close();
  });
});
