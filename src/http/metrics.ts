import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Request, Response, Route, Server } from 'restify';
import type { SportelloMetrics } from '../metrics/registry';
import { sendError } from './server';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** What {@link registerMetricsRoute} needs. */
export interface MetricsRouteOptions {
  metrics: SportelloMetrics;
  /** `METRICS_TOKEN`: when set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
  logger: Logger;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Serves `GET /metrics` in the Prometheus text format (401 without the right bearer token when
 * `METRICS_TOKEN` is set) and counts every HTTP request by method, route pattern and status. Route patterns
 * (`/api/console/cases/:id`), not raw URLs, keep the label set small whatever clients send.
 */
export function registerMetricsRoute(server: Server, options: MetricsRouteOptions): void {
  const { metrics, token, logger } = options;

  server.on('after', (req: Request, res: Response, route: Route | undefined) => {
    const labels = { method: req.method ?? 'OTHER', route: route?.spec.path.toString() ?? 'unmatched' };
    metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
    const started = req.time();
    if (Number.isFinite(started))
      metrics.httpDuration.observe(labels, Math.max(0, Date.now() - started) / 1000);
  });

  server.get(METRICS_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (token) {
      const given = bearer(req);
      if (!given || !timingSafeEqual(digest(given), digest(token))) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        sendError(res, 401, 'unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>.');
        return;
      }
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
      res.end(body);
    } catch (err) {
      logger.error({ err }, 'metrics scrape failed');
      sendError(res, 500, 'internal', 'Metrics are not available right now.');
    }
  });
}
