/**
 * The outcome of a call to a public platform's API (app IO, pagoPA): its value, a failure worth trying again
 * (429 with the platform's `Retry-After` in seconds when it gave one, 5xx, network), or one that is not
 * (400, 401, 403, 404, 409…).
 */
export type PlatformCallResult<T> =
  | { ok: true; value: T }
  | { ok: false; retry: true; error: string; retryAfterSeconds?: number }
  | { ok: false; retry: false; error: string; status: number };

/** A failed {@link PlatformCallResult}. */
export type PlatformCallFailure = Extract<PlatformCallResult<never>, { ok: false }>;

/** A request that got no answer (timeout, refused connection): worth trying again. */
export function networkFailure(err: unknown): PlatformCallFailure {
  const error = (err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message;
  return { ok: false, retry: true, error };
}

/**
 * A non-2xx answer as a failure: 429 and 5xx are worth trying again (after `Retry-After` when the platform
 * said it; without the header the caller backs off), anything else is final. The error names the status and
 * the platform's RFC 7807 problem `title`/`detail`.
 */
export function answerFailure(res: Response, text: string): PlatformCallFailure {
  const detail = problemDetail(text);
  const error = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
  if (res.status === 429 || res.status >= 500) {
    const retryAfter = Number(res.headers.get('retry-after') ?? Number.NaN);
    return {
      ok: false,
      retry: true,
      error,
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  return { ok: false, retry: false, error, status: res.status };
}

/** The `title`/`detail` of an RFC 7807 problem body, short. */
function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { title?: unknown; detail?: unknown };
    return [problem.title, problem.detail]
      .filter((v) => typeof v === 'string')
      .join(' — ')
      .slice(0, 200);
  } catch {
    return '';
  }
}
