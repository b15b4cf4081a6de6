import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';

/**
 * Work done for every HTTP request before restify routes it: setting headers, decorating the request. A hook
 * must not throw (it runs in an event listener, outside any route's error boundary) and must not answer.
 */
export type RequestHook = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Runs the hooks, in order, for every request the restify server receives, before restify's own `pre` and
 * `use` chains. A restify chain step costs a `process.nextTick`, two handler timers and a few closures; a hook
 * costs a call (what moving two steps here saved: docs/performance.md).
 * Requests sent with `Expect: 100-continue` reach restify through `checkContinue` instead of `request`, so the
 * hooks listen to both.
 */
export function onEveryRequest(server: Server, ...hooks: RequestHook[]): void {
  const run = (req: IncomingMessage, res: ServerResponse) => {
    for (const hook of hooks) hook(req, res);
  };
  server.server.prependListener('request', run);
  server.server.prependListener('checkContinue', run);
}
