export { LEADER_SEND_TOPIC, leaderOnlyChannel } from './leader-channel';
export { type LeaderLock, type LeadershipListener, LocalLeaderLock } from './leader-lock';
export { advisoryKey, PostgresLeaderLock } from './postgres-leader-lock';
