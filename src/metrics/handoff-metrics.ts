import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { HandoffChange, HandoffRefusal, HandoffService } from '../handoff/handoff-service';
import type { SportelloMetrics } from './registry';

/**
 * Counts escalations as the handoff room opens cases (and requests it refused), and adds two gauges read from storage at each scrape
 * (so every instance reports the shared queue, not only the cases it opened):
 * `sportello_handoff_queue_length{channel}` (waiting for an operator, callbacks included) and
 * `sportello_handoff_assigned{channel}` (held by an operator now).
 */
export function watchHandoff(handoff: HandoffService, metrics: SportelloMetrics, logger: Logger): void {
  handoff.events.on('change', (change: HandoffChange) => {
    if (change.type !== 'queued') return;
    handoff
      .getCase(change.caseId)
      .then((c) => metrics.escalations.inc({ channel: c?.ref.channel ?? 'unknown' }))
      .catch((err) => logger.warn({ err }, 'escalation not counted'));
  });
  handoff.events.on('refused', (refusal: HandoffRefusal) =>
    metrics.refused.inc({ what: 'handoff', reason: refusal.scope }),
  );

  // Both gauges come from one storage read per scrape.
  let pending: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    try {
      const cases = await handoff.openCases();
      queueLength.reset();
      assigned.reset();
      for (const c of cases) {
        if (c.status === 'queued') queueLength.inc({ channel: c.ref.channel });
        else if (c.status === 'assigned') assigned.inc({ channel: c.ref.channel });
      }
    } catch (err) {
      // The scrape still answers with every other metric; the empty gauges and the log show the problem.
      queueLength.reset();
      assigned.reset();
      logger.warn({ err }, 'handoff queue not readable for metrics');
    }
  };
  const collect = (): Promise<void> => {
    pending ??= refresh().finally(() => {
      pending = undefined;
    });
    return pending;
  };
  const queueLength = new Gauge({
    name: 'sportello_handoff_queue_length',
    help: 'Handoff cases waiting for an operator (shared storage: the same on every instance).',
    labelNames: ['channel'],
    registers: [metrics.registry],
    collect,
  });
  const assigned = new Gauge({
    name: 'sportello_handoff_assigned',
    help: 'Handoff cases held by an operator now (shared storage: the same on every instance).',
    labelNames: ['channel'],
    registers: [metrics.registry],
    collect,
  });
}
