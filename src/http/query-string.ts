import type { IncomingMessage } from 'node:http';
import restify, { type Request, type Response } from 'restify';
import type { RequestHook } from './every-request';

const restifyQueryParser = restify.plugins.queryParser({ mapParams: false });

/**
 * A {@link RequestHook} giving every request `req.query`, the parsed query string (`{}` when there is none),
 * with restify's own query parser (the `qs` rules: `a[]=1&a[]=2` is an array). A query it cannot read counts
 * as none, so the route answers as if it were absent rather than the process failing.
 */
export const parseQueryString: RequestHook = (req, res) => {
  try {
    // The URL it parses is the one restify's router parses next (cached on the request): no work done twice.
    restifyQueryParser(req as Request, res as Response, () => undefined);
  } catch {
    (req as IncomingMessage & { query?: unknown }).query = {};
  }
};
