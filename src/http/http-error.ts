import { SportelloError } from '../shared/errors';

/** An error that becomes an HTTP response with a JSON body `{ error: { code, message } }`. */
export class HttpError extends SportelloError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}
