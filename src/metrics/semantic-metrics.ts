import { Counter, Histogram } from 'prom-client';
import type { SemanticObserver } from '../kb/semantic/semantic-retriever';
import type { SportelloMetrics } from './registry';

/** Seconds buckets of a question's embedding: the budget is a few hundred ms, a local model a few tens. */
const EMBED_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5];

/**
 * Semantic retrieval's metrics, as an observer it reports to: `sportello_kb_semantic_requests_total{outcome}`
 * (questions ranked semantically, or answered from the words alone), `sportello_kb_semantic_fallbacks_total
 * {reason}` (timeout, unavailable, rate-limited, server-error, rejected, invalid-response, circuit-open,
 * not-ready), `sportello_kb_semantic_query_seconds` (the embedding server's round trip for a question) and
 * `sportello_kb_semantic_documents_embedded_total`.
 */
export function semanticMetrics(metrics: SportelloMetrics): SemanticObserver {
  const registers = [metrics.registry];
  const requests = new Counter({
    name: 'sportello_kb_semantic_requests_total',
    help: 'Questions given to semantic retrieval, by outcome (ranked, or fallback to the words alone).',
    labelNames: ['outcome'],
    registers,
  });
  const fallbacks = new Counter({
    name: 'sportello_kb_semantic_fallbacks_total',
    help: 'Questions answered from the words alone although semantic retrieval is on, by reason.',
    labelNames: ['reason'],
    registers,
  });
  const latency = new Histogram({
    name: 'sportello_kb_semantic_query_seconds',
    help: "The embedding server's round trip for a citizen's question (cached vectors not counted).",
    buckets: EMBED_BUCKETS,
    registers,
  });
  const embedded = new Counter({
    name: 'sportello_kb_semantic_documents_embedded_total',
    help: 'Knowledge-base entries embedded in the background (new or changed content).',
    registers,
  });
  return {
    ranked(seconds) {
      requests.inc({ outcome: 'ranked' });
      if (seconds !== undefined) latency.observe(seconds);
    },
    fallback(reason) {
      requests.inc({ outcome: 'fallback' });
      fallbacks.inc({ reason });
    },
    embedded(count) {
      embedded.inc(count);
    },
  };
}
