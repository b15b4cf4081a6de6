import { type ErrorKind, SportelloError } from '../shared/errors';
import { HttpError } from './http-error';

/** The one table from a kind of failure to its HTTP status (Hono's `onError` idea). */
const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

/** How a failed request is answered: its status, code and a message safe to show; undefined means internal. */
export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/**
 * What a route's error becomes on the wire: an {@link HttpError} as it says, a {@link SportelloError} with a
 * kind by {@link STATUS_OF}, anything else undefined (the caller answers 500 and logs it).
 */
export function errorAnswer(err: unknown): ErrorAnswer | undefined {
  if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof SportelloError && err.kind) {
    if (err.kind === 'unavailable')
      return {
        status: 503,
        code: 'unavailable',
        message: 'The service is temporarily unavailable, please retry shortly.',
      };
    return { status: STATUS_OF[err.kind], code: err.code, message: err.message };
  }
  return undefined;
}
