import type { FakeApi } from './fake-embedding-server';

/** An OpenAI error object, as its API sends it inside `{"error": …}`. */
interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/**
 * The error body each provider sends for a status: OpenAI's `{"error": {message, type, param, code}}`,
 * Ollama's `{"error": "…"}`, with their own wording.
 */
export function errorBody(api: FakeApi, status: number, model: string, message?: string): unknown {
  if (api === 'ollama') {
    const ollama: Record<number, string> = {
      400: message ?? 'invalid input type',
      401: 'unauthorized',
      404: `model "${model}" not found, try pulling it first`,
    };
    return { error: ollama[status] ?? 'llama runner process has terminated: signal: killed' };
  }
  const openai: Record<number, OpenAiError> = {
    400: {
      message:
        message ??
        "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    },
    401: {
      message:
        'Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
    404: {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
  };
  return {
    error: openai[status] ?? {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    },
  };
}

/** The body of a 429 (the Retry-After header goes beside it). */
export function rateLimitBody(api: FakeApi): unknown {
  if (api === 'ollama') return { error: 'too many requests, please retry later' };
  return {
    error: {
      message:
        'Rate limit reached for text-embedding-3-small in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again later.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  };
}
