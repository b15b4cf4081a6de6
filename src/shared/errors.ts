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
