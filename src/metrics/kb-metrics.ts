import { Counter } from 'prom-client';
import type { SportelloMetrics } from './registry';

/** Where the knowledge base's memo figures come from (the live store, summed over its snapshots). */
export interface MemoSource {
  memoStats(): { lookups: number; hits: number };
}

/**
 * Adds two counters read from the knowledge base at each scrape: `sportello_kb_memo_lookups_total` (searches
 * looked up in the memo of recent questions) and `sportello_kb_memo_hits_total` (those it answered). Their
 * ratio says how much of the traffic repeats a recent question word for word; searches pay nothing for it.
 */
export function watchKnowledgeMemo(source: MemoSource, metrics: SportelloMetrics): void {
  // prom-client collects every metric of a scrape in one synchronous pass, so no search comes between the
  // two readings and hits never exceed lookups.
  new Counter({
    name: 'sportello_kb_memo_lookups_total',
    help: 'Knowledge-base searches looked up in the memo of recent questions (long questions skip it).',
    registers: [metrics.registry],
    collect() {
      this.reset();
      this.inc(source.memoStats().lookups);
    },
  });
  new Counter({
    name: 'sportello_kb_memo_hits_total',
    help: 'Knowledge-base searches answered from the memo of recent questions, without searching.',
    registers: [metrics.registry],
    collect() {
      this.reset();
      this.inc(source.memoStats().hits);
    },
  });
}
