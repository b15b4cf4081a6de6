import type { Engine } from '../engine/engine';
import { texts } from '../engine/texts';
import type { CounterSlot, HistogramSlot } from './hot-metrics';
import type { SportelloMetrics } from './registry';

const FAILURE_TEXTS = new Set(Object.values(texts).map((t) => t.failure));

/** A channel's metric slots. */
interface ChannelSlots {
  in: CounterSlot;
  out: CounterSlot;
  duration: HistogramSlot;
}

/**
 * Counts messages in and out, turn failures and refused messages, and times turns (the duration the engine tells its turn
 * listeners, from reading the state to the saved answer).
 */
export function instrumentEngine(engine: Engine, metrics: SportelloMetrics): void {
  // Each channel's metric slots, resolved at its first message: a turn then only adds to them.
  const slots = new Map<string, ChannelSlots>();
  const slotsOf = (channel: string): ChannelSlots => {
    let s = slots.get(channel);
    if (!s) {
      s = {
        in: metrics.messages.slot({ channel, direction: 'in' }),
        out: metrics.messages.slot({ channel, direction: 'out' }),
        duration: metrics.turnDuration.slot({ channel }),
      };
      slots.set(channel, s);
    }
    return s;
  };
  engine.onTurn(({ state, inbound, replies, durationMs }) => {
    const channel = state.ref.channel;
    const s = slotsOf(channel);
    if (inbound) {
      s.in.add();
      if (durationMs !== undefined) s.duration.observe(durationMs / 1000);
      if (replies.some((r) => FAILURE_TEXTS.has(r.reply.text))) metrics.turnFailures.inc({ channel });
    }
    if (replies.length) s.out.add(replies.length);
  });
  engine.onRefused(({ refusal }) => metrics.refused.inc({ what: 'message', reason: refusal.reason }));
}
