import { SportelloError } from '../../shared/errors';

/** Why a question was answered without semantic retrieval (also the `reason` label of its metric). */
export type FallbackReason =
  | 'timeout'
  | 'unavailable'
  | 'rate-limited'
  | 'server-error'
  | 'rejected'
  | 'invalid-response'
  | 'circuit-open'
  | 'not-ready';

/** The embedding server gave no usable vectors; `reason` says how it failed. */
export class EmbeddingError extends SportelloError {
  constructor(
    readonly reason: FallbackReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`embedding_${reason.replace('-', '_')}`, message, options);
  }
}

/** The server did not answer within the request's time budget; the request was aborted. */
export class EmbeddingTimeoutError extends EmbeddingError {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `Embedding server ${url} did not answer within ${timeoutMs} ms`);
  }
}

/** The server could not be reached, or dropped the connection before answering. */
export class EmbeddingUnavailableError extends EmbeddingError {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const detail = errorCode(cause) ?? (cause as { message?: string })?.message ?? String(cause);
    super('unavailable', `Embedding server ${url} unreachable (${detail})`, { cause });
  }
}

/** The server answered with an HTTP error; `providerMessage` is the message of its error body, if any. */
export class EmbeddingHttpError extends EmbeddingError {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly providerMessage: string | undefined,
    reason: FallbackReason = status >= 500 ? 'server-error' : 'rejected',
  ) {
    super(
      reason,
      `Embedding server ${url} answered ${status}${providerMessage ? `: ${providerMessage}` : ''}`,
    );
  }
}

/** 429: the server asks to slow down, for `retryAfterMs` when it said (Retry-After). */
export class EmbeddingRateLimitError extends EmbeddingHttpError {
  constructor(
    url: string,
    providerMessage: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(url, 429, providerMessage, 'rate-limited');
  }
}

/** The server answered 200 with something that is not the vectors asked for (bad JSON, shape, count, size). */
export class EmbeddingResponseError extends EmbeddingError {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super('invalid-response', `Embedding server ${url} gave an unusable answer: ${detail}`);
  }
}

/** The system error code (ECONNREFUSED, ECONNRESET…) fetch hides in its error's cause. */
function errorCode(err: unknown): string | undefined {
  // Duck-typed: fetch's errors may come from another realm (a test VM), where instanceof Error fails.
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
