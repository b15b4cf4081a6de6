import type { Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import type { ZodType } from 'zod';
import { answerClientError, answerExpectationFailed } from './client-error';
import { errorAnswer } from './error-status';
import { onEveryRequest } from './every-request';
import { HttpError } from './http-error';
import { parseQueryString } from './query-string';
import { readRequestBody } from './request-body';
import { setSecurityHeaders } from './security-headers';
import { sendError } from './send-error';

export { sendError } from './send-error';

/** Parses a request body with a zod schema, or throws a 400 {@link HttpError} saying what is wrong. */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new HttpError(400, 'bad_request', `Invalid request body${where}: ${issue?.message ?? 'invalid'}`);
}

/**
 * A route handler. It may throw an {@link HttpError}, or a domain error whose `kind` says what failed
 * (error-status.ts maps kinds to statuses); anything else becomes a 500 without details.
 */
export type Handler = (req: Request, res: Response) => Promise<void>;

/** Wraps a handler in the error boundary shared by every route. */
export function route(logger: Logger, handler: Handler): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      const answer = errorAnswer(err);
      if (answer?.status === 503) logger.error({ err, url: req.url }, 'request failed');
      if (answer) {
        sendError(res, answer.status, answer.code, answer.message);
        return;
      }
      logger.error({ err, url: req.url }, 'request failed');
      sendError(res, 500, 'internal', 'Something went wrong on our side; please retry.');
    }
  };
}

/**
 * Creates the restify server with request bodies read within each route's limits (body-limits.ts), JSON
 * errors for malformed requests and security headers. Rooms add their routes to it in the composition root.
 */
export function createServer(logger: Logger): Server {
  const server = restify.createServer({ name: 'sportello', handleUncaughtExceptions: false });
  onEveryRequest(server, setSecurityHeaders, parseQueryString);
  server.server.on('clientError', answerClientError);
  server.server.on('checkExpectation', answerExpectationFailed);
  server.use(readRequestBody(logger));
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
      // Malformed JSON, too-large bodies, unknown routes, wrong methods: one JSON shape, no stack.
      const status = err.statusCode ?? 500;
      if (status >= 500) logger.error({ err, url: req.url }, 'request error');
      const body = {
        error: {
          code: err.name.replace(/Error$/, '').replace(/^./, (c) => c.toLowerCase()) || 'error',
          message: status >= 500 ? 'Something went wrong on our side; please retry.' : err.message,
        },
      };
      (err as unknown as { toJSON: () => unknown }).toJSON = () => body;
      return cb();
    },
  );
  return server;
}
