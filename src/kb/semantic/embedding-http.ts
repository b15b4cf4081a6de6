import {
  EmbeddingHttpError,
  EmbeddingRateLimitError,
  EmbeddingResponseError,
  EmbeddingTimeoutError,
  EmbeddingUnavailableError,
} from './errors';

/** Options of {@link postJson}. */
export interface PostJsonOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string>;
  /** Reads the provider's own error message out of an error body (each API words its errors its way). */
  errorMessage: (body: unknown) => string | undefined;
}

/** A Retry-After longer than this is read as this: the caller retries anyway, later checks decide again. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * POSTs JSON and resolves the parsed JSON answer. The whole exchange, body included, is aborted after
 * `timeoutMs`. Every failure becomes a named error: {@link EmbeddingTimeoutError},
 * {@link EmbeddingUnavailableError} (refused, reset, dropped), {@link EmbeddingRateLimitError} (429 with its
 * Retry-After), {@link EmbeddingHttpError} (other 4xx/5xx, with the provider's message) or
 * {@link EmbeddingResponseError} (a 200 that is not JSON).
 */
export async function postJson(url: string, body: unknown, options: PostJsonOptions): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  // A timer of our own rather than AbortSignal.timeout: it tells a timeout from a shutdown abort.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const failed = (err: unknown) =>
    timedOut ? new EmbeddingTimeoutError(url, options.timeoutMs) : new EmbeddingUnavailableError(url, err);
  try {
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      text = await res.text();
    } catch (err) {
      throw failed(err);
    }
    let json: unknown;
    let parsed = true;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = false;
    }
    if (!res.ok) {
      const message = parsed ? options.errorMessage(json) : plainMessage(text);
      if (res.status === 429) throw new EmbeddingRateLimitError(url, message, retryAfterMs(res.headers));
      throw new EmbeddingHttpError(url, res.status, message);
    }
    if (!parsed) throw new EmbeddingResponseError(url, 'not JSON');
    return json;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** A short plain-text error body (Go's "404 page not found"), never an HTML page. */
function plainMessage(text: string): string | undefined {
  const t = text.trim();
  return t && t.length <= 200 && !t.startsWith('<') ? t : undefined;
}

/** Retry-After in ms: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS) : undefined;
}
