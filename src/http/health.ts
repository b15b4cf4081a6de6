import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Storage } from '../storage/storage';

/**
 * `GET /healthz`: the process is up (for restarts). `GET /readyz`: storage answers (for load balancers);
 * 503 while it does not.
 */
export function registerHealthRoutes(server: Server, storage: Storage, logger: Logger): void {
  const startedAt = Date.now();
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
  });
  server.get('/readyz', async (_req, res) => {
    try {
      await storage.ping();
      res.json({ status: 'ready', storage: storage.kind });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.status(503);
      res.json({ status: 'unavailable', storage: storage.kind });
    }
  });
}
