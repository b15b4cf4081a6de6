import type { Logger } from 'pino';
import type { Request, Server } from 'restify';
import { type Analytics, dailyCsv, daysBefore, summaryCsv, unansweredCsv } from '../../analytics';
import { HttpError } from '../../http/http-error';
import { route } from '../../http/server';
import { type ConsoleAuth, sendJson } from '../console-auth';

/** What the analytics API needs. */
export interface AnalyticsApiDeps {
  auth: ConsoleAuth;
  analytics: Analytics;
  logger: Logger;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period asked for: `from`/`to` days (default: the last 30 days up to today); at most 366 days. */
function period(req: Request, analytics: Analytics): { from: string; to: string } {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const to = typeof query.to === 'string' && query.to ? query.to : analytics.today();
  const from = typeof query.from === 'string' && query.from ? query.from : daysBefore(to, 29);
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
    throw new HttpError(400, 'bad_period', 'Use dates as YYYY-MM-DD.');
  if (from > to) throw new HttpError(400, 'bad_period', '"from" must not be after "to".');
  if (daysBefore(to, 365) > from) throw new HttpError(400, 'bad_period', 'At most one year at a time.');
  return { from, to };
}

/**
 * The analytics API (role `editor` or `admin`): `GET /api/console/analytics` (the report),
 * `GET /api/console/analytics/unanswered` (grouped questions) and `GET /api/console/analytics/export`
 * (`table=daily|summary|unanswered`, CSV).
 */
export function registerAnalyticsApi(server: Server, deps: AnalyticsApiDeps): void {
  const { auth, analytics, logger } = deps;
  server.get(
    '/api/console/analytics',
    route(logger, async (req, res) => {
      await auth.require(req, 'editor');
      const { from, to } = period(req, analytics);
      sendJson(res, 200, await analytics.report(from, to));
    }),
  );
  server.get(
    '/api/console/analytics/unanswered',
    route(logger, async (req, res) => {
      await auth.require(req, 'editor');
      const { from, to } = period(req, analytics);
      sendJson(res, 200, { from, to, groups: await analytics.unanswered(from, to) });
    }),
  );
  server.get(
    '/api/console/analytics/export',
    route(logger, async (req, res) => {
      await auth.require(req, 'editor');
      const { from, to } = period(req, analytics);
      const table = String((req.query as Record<string, unknown> | undefined)?.table ?? 'daily');
      let csv: string;
      if (table === 'daily') csv = dailyCsv(await analytics.report(from, to));
      else if (table === 'summary') csv = summaryCsv(await analytics.report(from, to));
      else if (table === 'unanswered') csv = unansweredCsv(await analytics.unanswered(from, to));
      else throw new HttpError(400, 'bad_table', 'table must be daily, summary or unanswered.');
      const body = Buffer.from(`\uFEFF${csv}`); // BOM: Excel opens accents right
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sportello-${table}-${from}-${to}.csv"`,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    }),
  );
}
