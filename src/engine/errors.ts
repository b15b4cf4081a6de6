/**
 * Named error classes of the engine. Each carries the context needed to log it without leaking it to a citizen.
 */

/**
 * What kind of failure an error is, for whoever answers a request: the HTTP layer maps each kind to one
 * status in one place (src/http/error-status.ts), so domain code never names a status.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'not_found' | 'conflict' | 'unavailable';

/** Base class of every Sportello error: has a stable `code` and keeps the original `cause`. */
export class SportelloError extends Error {
  /** Machine-readable code, also used in HTTP error bodies. */
  readonly code: string;
  /** The kind of failure, when a request answering with this error should say so (else: internal). */
  readonly kind: ErrorKind | undefined;
  constructor(code: string, message: string, options?: { cause?: unknown; kind?: ErrorKind }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.kind = options?.kind;
  }
}

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
