import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import type { HandoffService } from '../handoff/handoff-service';
import { instrumentEngine } from './engine-metrics';
import { watchHandoff } from './handoff-metrics';
import { createRegistry, type SportelloMetrics } from './registry';

export { type MemoSource, watchKnowledgeMemo } from './kb-metrics';
export { createRegistry, type SportelloMetrics } from './registry';
export { semanticMetrics } from './semantic-metrics';

/** What {@link createMetrics} needs from the composition root. */
export interface MetricsOptions {
  engine: Engine;
  handoff: HandoffService;
  logger: Logger;
}

/**
 * Creates Sportello's Prometheus metrics: messages, turn duration, failures and escalations per channel,
 * the handoff queue, HTTP requests and Node's process metrics.
 */
export function createMetrics(options: MetricsOptions): SportelloMetrics {
  const metrics = createRegistry();
  instrumentEngine(options.engine, metrics);
  watchHandoff(options.handoff, metrics, options.logger);
  return metrics;
}
