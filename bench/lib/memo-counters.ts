/** The knowledge base's memo counters as `/metrics` shows them. */
export interface MemoCounters {
  lookups: number;
  hits: number;
}

function sample(body: string, name: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}

/**
 * Reads `sportello_kb_memo_lookups_total` and `sportello_kb_memo_hits_total` from a server's `/metrics`
 * (with `METRICS_TOKEN` when the server wants one).
 */
export async function readMemoCounters(base: string, token?: string): Promise<MemoCounters> {
  const res = await fetch(`${base}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}`);
  const body = await res.text();
  return {
    lookups: sample(body, 'sportello_kb_memo_lookups_total'),
    hits: sample(body, 'sportello_kb_memo_hits_total'),
  };
}

/** What happened between two readings. */
export function memoDelta(before: MemoCounters, after: MemoCounters): MemoCounters {
  return { lookups: after.lookups - before.lookups, hits: after.hits - before.hits };
}

/** "1,234 of 5,678 (21.7%)": the searches the memo answered among those looked up in it. */
export function formatMemo(m: MemoCounters): string {
  const rate = m.lookups > 0 ? `${((m.hits / m.lookups) * 100).toFixed(1)}%` : 'n/a';
  return `${rate} (${m.hits.toLocaleString('en-US')} of ${m.lookups.toLocaleString('en-US')} lookups)`;
}
