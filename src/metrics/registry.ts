import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { HotCounter, HotHistogram } from './hot-metrics';

/** Seconds buckets for a bot turn: most answer in milliseconds, an LLM or a slow database in seconds. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Sportello's Prometheus metrics, all in one registry of their own (one per app, so tests never collide). */
export interface SportelloMetrics {
  registry: Registry;
  /** `sportello_messages_total{channel,direction}`: citizen messages in, bot and operator replies out. */
  messages: HotCounter<'channel' | 'direction'>;
  /** `sportello_turn_duration_seconds{channel}`: from reading the conversation's state to the saved answer. */
  turnDuration: HotHistogram<'channel'>;
  /** `sportello_turn_failures_total{channel}`: turns answered with the technical-problem apology. */
  turnFailures: Counter<'channel'>;
  /** `sportello_escalations_total{channel}`: handoff cases opened (live queue or callback request). */
  escalations: Counter<'channel'>;
  /**
   * `sportello_refused_total{what,reason}`: what flood protection refused and did not store: `message`
   * (`rate_limit`), `handoff` (`conversation`, `address`), `conversation` (`address`, `global`).
   */
  refused: Counter<'what' | 'reason'>;
  /** `sportello_http_requests_total{method,route,status}`: by route pattern, never by raw URL. */
  httpRequests: HotCounter<'method' | 'route' | 'status'>;
  /** `sportello_http_request_duration_seconds{method,route}`. */
  httpDuration: HotHistogram<'method' | 'route'>;
}

/**
 * Creates the registry with Sportello's metrics and Node's default process metrics (CPU, memory, event loop
 * lag, GC). The handoff queue gauges are added by {@link import('./handoff-metrics').watchHandoff}, the
 * knowledge base's memo counters by {@link import('./kb-metrics').watchKnowledgeMemo}.
 */
export function createRegistry(): SportelloMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    // Recorded at every message: slots instead of prom-client's per-call label hashing (see hot-metrics).
    messages: new HotCounter({
      name: 'sportello_messages_total',
      help: 'Messages handled, by channel and direction (in: from citizens; out: bot and operator replies).',
      labelNames: ['channel', 'direction'],
      registry,
    }),
    turnDuration: new HotHistogram({
      name: 'sportello_turn_duration_seconds',
      help: 'Time to answer one citizen message, from reading the conversation state to the saved answer.',
      labelNames: ['channel'],
      buckets: TURN_BUCKETS,
      registry,
    }),
    turnFailures: new Counter({
      name: 'sportello_turn_failures_total',
      help: 'Turns that failed and were answered with the polite technical-problem message.',
      labelNames: ['channel'],
      registers,
    }),
    escalations: new Counter({
      name: 'sportello_escalations_total',
      help: 'Escalations to a human operator (handoff cases opened), by channel.',
      labelNames: ['channel'],
      registers,
    }),
    refused: new Counter({
      name: 'sportello_refused_total',
      help: 'Messages, requests for an operator and new conversations refused by a limit (not stored).',
      labelNames: ['what', 'reason'],
      registers,
    }),
    httpRequests: new HotCounter({
      name: 'sportello_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registry,
    }),
    httpDuration: new HotHistogram({
      name: 'sportello_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: TURN_BUCKETS,
      registry,
    }),
  };
}
