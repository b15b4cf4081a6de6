import { AddressLimits, type LimitRefusal } from '../../shared/address-limits';

/** `NEW_CONVERSATIONS_PER_ADDRESS` (per hour) and `NEW_CONVERSATIONS_GLOBAL` (per minute, per instance). */
export interface ConversationLimitSettings {
  perAddressPerHour: number;
  globalPerMinute: number;
}

/**
 * Limits on new web chat conversations (the public page's session without a token): per client address, in
 * bursts of up to a tenth of the hour's number (at least 10), and for the whole instance, in bursts of up to
 * ten seconds' worth (at least 10). Many honest citizens share an address (a municipal Wi-Fi, a carrier's NAT):
 * the defaults are far above what a busy shared address opens (docs/web-chat.md, "Limits per client").
 */
export class ConversationLimits {
  private readonly limits: AddressLimits;

  constructor(settings: ConversationLimitSettings, now?: () => number) {
    this.limits = new AddressLimits(
      {
        perAddress: {
          capacity: Math.max(10, Math.ceil(settings.perAddressPerHour / 10)),
          perPeriod: settings.perAddressPerHour,
          periodMs: 3_600_000,
        },
        global: {
          capacity: Math.max(10, Math.ceil(settings.globalPerMinute / 6)),
          perPeriod: settings.globalPerMinute,
          periodMs: 60_000,
        },
      },
      now,
    );
  }

  /** Counts a new conversation from `address`; undefined when it may be opened, otherwise the refusal. */
  admit(address: string): LimitRefusal | undefined {
    return this.limits.admit(address);
  }
}
