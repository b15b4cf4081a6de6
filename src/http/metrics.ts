import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Request, Response, Route, Server } from 'restify';
import type { CounterSlot, HistogramSlot } from '../metrics/hot-metrics';
import type { SportelloMetrics } from '../metrics/registry';
import { sendError } from './server';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** One route's metric slots: its duration histogram and its request counts by status code. */
interface RouteSlots {
  labels: { method: string; route: string };
  duration: HistogramSlot;
  byStatus: Map<number, CounterSlot>;
}

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

  // The metric slots of each route (its method and pattern), found by the route object restify hands over,
  // so a request adds to its counts without building or looking up a label set.
  const slots = new Map<Route | string, RouteSlots>();
  server.on('after', (req: Request, res: Response, route: Route | undefined) => {
    const method = req.method ?? 'OTHER';
    const key = route ?? `unmatched ${method}`;
    let s = slots.get(key);
    if (!s) {
      const labels = { method, route: route?.spec.path.toString() ?? 'unmatched' };
      s = { labels, duration: metrics.httpDuration.slot(labels), byStatus: new Map() };
      slots.set(key, s);
    }
    let requests = s.byStatus.get(res.statusCode);
    if (!requests) {
      requests = metrics.httpRequests.slot({ ...s.labels, status: String(res.statusCode) });
      s.byStatus.set(res.statusCode, requests);
    }
    requests.add();
    const started = req.time();
    if (Number.isFinite(started)) s.duration.observe(Math.max(0, Date.now() - started) / 1000);
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
