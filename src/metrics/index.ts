import type { Logger } from 'pino';
import type { Middleware } from '../engine/compose';
import type { Engine } from '../engine/engine';
import type { TurnContext } from '../engine/turn-context';
import type { HandoffService } from '../handoff/handoff-service';
import { instrumentEngine } from './engine-metrics';
import { watchHandoff } from './handoff-metrics';
import { createRegistry, type SportelloMetrics } from './registry';

export { createRegistry, type SportelloMetrics } from './registry';

/** What {@link createMetrics} needs from the composition root. */
export interface MetricsOptions {
  engine: Engine;
  handoff: HandoffService;
  logger: Logger;
}

/** The metrics room: the registry `/metrics` serves, and the middleware that times turns. */
export interface Metrics extends SportelloMetrics {
  /** Put it first in the engine's pipeline (`engine.use(metrics.middleware)`). */
  middleware: Middleware<TurnContext>;
}

/**
 * Creates Sportello's Prometheus metrics: messages, turn duration, failures and escalations per channel,
 * the handoff queue, HTTP requests and Node's process metrics.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const metrics = createRegistry();
  const middleware = instrumentEngine(options.engine, metrics);
  watchHandoff(options.handoff, metrics, options.logger);
  return { ...metrics, middleware };
}
