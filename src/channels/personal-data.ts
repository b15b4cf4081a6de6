import type { ChannelRecords } from '../privacy/channel-records';
import type { ChannelModule } from './channel-module';

/**
 * The personal data the given channels keep beyond the engine's state and transcripts, for the privacy
 * room's erasure and retention (Telegram keeps none: its button values are not personal).
 */
export function channelRecords(modules: readonly ChannelModule[]): ChannelRecords[] {
  return modules.flatMap((m) => (m.records ? [m.records] : []));
}
