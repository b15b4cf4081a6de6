import { answerFailure, networkFailure } from '../../src/shared/platform-call';

const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
  answerFailure(new Response(body, { status, headers }), body);

describe('platform call failures (app IO, pagoPA)', () => {
  it('retries 429 after the platform’s Retry-After, and 5xx without one by the caller’s own backoff', () => {
    expect(answer(429, '', { 'Retry-After': '7' })).toEqual({
      ok: false,
      retry: true,
      error: 'HTTP 429',
      retryAfterSeconds: 7,
    });
    // No header is not "retry at once": the caller's backoff applies.
    expect(answer(503, '')).toEqual({ ok: false, retry: true, error: 'HTTP 503' });
  });

  it('gives up on other answers, naming the problem the platform described', () => {
    const body = JSON.stringify({ title: 'Invalid fiscal code', detail: 'fiscal_code: wrong format' });
    expect(answer(400, body)).toEqual({
      ok: false,
      retry: false,
      status: 400,
      error: 'HTTP 400: Invalid fiscal code — fiscal_code: wrong format',
    });
  });

  it('retries a request that got no answer', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(networkFailure(timeout)).toEqual({ ok: false, retry: true, error: 'timeout' });
  });
});
