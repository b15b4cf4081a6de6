import type { Middleware } from '../engine/compose';
import type { Engine } from '../engine/engine';
import { texts } from '../engine/texts';
import type { TurnContext } from '../engine/turn-context';
import type { InboundMessage } from '../engine/types';
import type { SportelloMetrics } from './registry';

const FAILURE_TEXTS = new Set(Object.values(texts).map((t) => t.failure));

/**
 * Counts messages and times turns. Returns the middleware that must run first in the pipeline: it notes
 * when a turn starts, and the engine's turn listener (told after the state is saved) observes the duration,
 * so the histogram covers the whole pipeline and the atomic save, not only the first middleware.
 */
export function instrumentEngine(engine: Engine, metrics: SportelloMetrics): Middleware<TurnContext> {
  // Keyed by the inbound message object, which the engine hands to its turn listeners unchanged.
  const started = new WeakMap<InboundMessage, number>();
  engine.onTurn(({ state, inbound, replies }) => {
    const channel = state.ref.channel;
    if (inbound) {
      metrics.messages.inc({ channel, direction: 'in' });
      const start = started.get(inbound);
      if (start !== undefined) {
        metrics.turnDuration.observe({ channel }, (performance.now() - start) / 1000);
        started.delete(inbound);
      }
      if (replies.some((r) => FAILURE_TEXTS.has(r.reply.text))) metrics.turnFailures.inc({ channel });
    }
    if (replies.length) metrics.messages.inc({ channel, direction: 'out' }, replies.length);
  });
  return async (ctx, next) => {
    // A turn retried after a version conflict keeps its first start: the citizen waited all along.
    if (!started.has(ctx.message)) started.set(ctx.message, performance.now());
    await next();
  };
}
