import type { LabelledQuestion } from './question-set';

/** What the bot did with one message, as the evaluation sees it. */
export interface Outcome {
  /** `answer`: one entry shown directly; `suggest`: "Forse cercavi…" choices; `none`: an honest no-answer. */
  kind: 'answer' | 'suggest' | 'none';
  /** Entry answered directly (kind `answer`). */
  id?: string;
  /** Entries offered as choices (kind `suggest`). */
  offered: string[];
  /** The ranking before any decision, best first (for the ranking-only figures). */
  ranked: string[];
}

/** How one labelled message fared. */
export type Verdict =
  | 'right'
  | 'wrong'
  | 'offered'
  | 'refused'
  | 'oos-refused'
  | 'oos-offered'
  | 'oos-answered';

/** The verdict on one message: in scope, right answer, wrong answer, only offered, or nothing useful. */
export function judge(q: LabelledQuestion, o: Outcome): Verdict {
  const good = (id: string | undefined) => id !== undefined && q.expected.includes(id);
  if (q.expected.length === 0) {
    if (o.kind === 'answer') return 'oos-answered';
    return o.offered.length ? 'oos-offered' : 'oos-refused';
  }
  if (o.kind === 'answer') return good(o.id) ? 'right' : 'wrong';
  return o.offered.some(good) ? 'offered' : 'refused';
}

/** Counts of one group of messages (a style, or all). */
export interface Tally {
  n: number;
  right: number;
  wrong: number;
  offered: number;
  refused: number;
  /** Right entry ranked first / within the first three, whatever was decided. */
  top1: number;
  top3: number;
}

/** Counts of the out-of-scope messages. */
export interface OosTally {
  n: number;
  refused: number;
  offered: number;
  answered: number;
}

/** The whole evaluation: per style, in scope overall, out of scope. */
export interface Report {
  styles: Map<string, Tally>;
  overall: Tally;
  outOfScope: OosTally;
}

const emptyTally = (): Tally => ({ n: 0, right: 0, wrong: 0, offered: 0, refused: 0, top1: 0, top3: 0 });

/** Adds up the verdicts of a set. */
export function tally(rows: ReadonlyArray<{ q: LabelledQuestion; o: Outcome }>): Report {
  const styles = new Map<string, Tally>();
  const overall = emptyTally();
  const outOfScope: OosTally = { n: 0, refused: 0, offered: 0, answered: 0 };
  for (const { q, o } of rows) {
    const v = judge(q, o);
    if (q.expected.length === 0) {
      outOfScope.n++;
      if (v === 'oos-answered') outOfScope.answered++;
      else if (v === 'oos-offered') outOfScope.offered++;
      else outOfScope.refused++;
      continue;
    }
    const t = styles.get(q.style) ?? emptyTally();
    styles.set(q.style, t);
    const rank = o.ranked.findIndex((id) => q.expected.includes(id));
    for (const target of [t, overall]) {
      target.n++;
      if (v === 'right') target.right++;
      else if (v === 'wrong') target.wrong++;
      else if (v === 'offered') target.offered++;
      else target.refused++;
      if (rank === 0) target.top1++;
      if (rank >= 0 && rank < 3) target.top3++;
    }
  }
  return { styles, overall, outOfScope };
}

const pct = (n: number, d: number) => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

/** The report as a plain-text table. */
export function formatReport(report: Report, order: readonly string[]): string {
  const head = `${'style'.padEnd(14)}${'n'.padStart(5)}  ${['right', 'wrong', 'offered', 'refused', 'top-1', 'top-3'].map((h) => h.padStart(7)).join(' ')}`;
  const row = (name: string, t: Tally) =>
    `${name.padEnd(14)}${String(t.n).padStart(5)}  ${[t.right, t.wrong, t.offered, t.refused, t.top1, t.top3]
      .map((x) => pct(x, t.n).padStart(7))
      .join(' ')}`;
  const names = [...report.styles.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const o = report.outOfScope;
  return [
    'In scope: answered directly and right / answered wrong / right entry only offered / not found;',
    "top-1 and top-3: the right entry's place in the ranking, whatever was decided.",
    head,
    ...names.map((n) => row(n, report.styles.get(n) as Tally)),
    row('ALL', report.overall),
    '',
    `Out of scope: ${o.n} messages, refused ${pct(o.refused + o.offered, o.n).trim()} (nothing offered ${pct(o.refused, o.n).trim()}, only choices offered ${pct(o.offered, o.n).trim()}), answered ${pct(o.answered, o.n).trim()}`,
  ].join('\n');
}
