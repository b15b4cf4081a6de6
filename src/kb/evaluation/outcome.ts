import type { Decision } from '../policy';
import type { Outcome } from './tally';

/** What the bot did with a message, as the evaluation counts it: the decision and the ranking it came from. */
export function outcome(d: Decision, results: ReadonlyArray<{ entry: { id: string } }>): Outcome {
  // The decision's own order first (the answer model may reorder the search's best entries and weigh the
  // other language's beside them).
  const decided = d.kind === 'answer' ? [d.best] : d.kind === 'suggest' ? d.options : d.best ? [d.best] : [];
  const judged = d.ranked?.map((r) => r.entry) ?? [];
  const ranked = [...new Set([...decided, ...judged, ...results].map((r) => r.entry.id))];
  if (d.kind === 'answer') return { kind: 'answer', id: d.best.entry.id, offered: [], ranked };
  if (d.kind === 'suggest') return { kind: 'suggest', offered: d.options.map((x) => x.entry.id), ranked };
  return { kind: 'none', offered: [], ranked };
}
