import { SportelloError } from '../shared/errors';

/**
 * Named error classes of the engine. Each carries the context needed to log it without leaking it to a citizen.
 */

/** A dialog id was started or resumed but no dialog with that id is registered. */
export class UnknownDialogError extends SportelloError {
  constructor(readonly dialogId: string) {
    super('unknown_dialog', `No dialog registered with id "${dialogId}"`);
  }
}

/** A middleware or dialog failed while handling a turn; wraps the original error. */
export class TurnError extends SportelloError {
  constructor(
    readonly conversationKey: string,
    cause: unknown,
  ) {
    super('turn_failed', `Turn failed for conversation ${conversationKey}`, { cause });
  }
}

/** No outbound adapter is registered for a channel, so a proactive message cannot be delivered. */
export class ChannelUnavailableError extends SportelloError {
  constructor(readonly channel: string) {
    super('channel_unavailable', `No outbound adapter for channel "${channel}"`);
  }
}
