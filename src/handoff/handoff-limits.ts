import { TokenBuckets } from '../shared/token-buckets';

/** `HANDOFFS_PER_CONVERSATION` and `HANDOFFS_PER_ADDRESS`, both per hour. */
export interface HandoffLimitSettings {
  perConversationPerHour: number;
  perAddressPerHour: number;
}

const HOUR = 3_600_000;

/**
 * How many new requests for an operator the handoff room takes: per conversation (all of the hour's number at
 * once) and, where the channel knows the citizen's network address (web chat), per address (at most a third
 * of the hour's number at once, and at least 5). Counted per instance, in memory.
 */
export class HandoffLimits {
  private readonly perConversation: TokenBuckets;
  private readonly perAddress: TokenBuckets;

  constructor(settings: HandoffLimitSettings, now?: () => number) {
    const clock = now ? { now } : {};
    this.perConversation = new TokenBuckets({
      capacity: settings.perConversationPerHour,
      perPeriod: settings.perConversationPerHour,
      periodMs: HOUR,
      ...clock,
    });
    this.perAddress = new TokenBuckets({
      capacity: Math.max(5, Math.ceil(settings.perAddressPerHour / 3)),
      perPeriod: settings.perAddressPerHour,
      periodMs: HOUR,
      ...clock,
    });
  }

  /** Counts a new request; undefined when it may be queued, otherwise which limit refused it. */
  admit(conversation: string, address: string | undefined): 'conversation' | 'address' | undefined {
    if (this.perConversation.take(conversation)) return 'conversation';
    if (address === undefined || !this.perAddress.take(address)) return undefined;
    this.perConversation.giveBack(conversation);
    return 'address';
  }
}
