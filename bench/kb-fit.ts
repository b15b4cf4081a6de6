/**
 * `npm run fit:kb -- NAME=KB_DIR:QUESTIONS.jsonl …`: fits the confidence model (src/kb/confidence.ts) on
 * labelled sets and prints, for each set left out in turn, what the model fitted on the others would do at
 * several answer thresholds. Only tuning sets belong here: a held-out set must never be fitted on.
 */
import { readFileSync } from 'node:fs';
import { type ConfidenceModel, confidence, FEATURE_NAMES, features } from '../src/kb/confidence';
import { parseQuestionSet } from '../src/kb/evaluation/question-set';
import { KnowledgeSnapshot } from '../src/kb/knowledge-snapshot';
import { loadKnowledge } from '../src/kb/loader';

interface Row {
  set: string;
  x: number[];
  /** The best entry is a right one. */
  y: 0 | 1;
  inScope: boolean;
  /** Decided by the policy's rule, not the model (another body's service no entry covers). */
  ruled: boolean;
}

/** Logistic regression by batch gradient descent with a light L2 penalty (features are all of order 1). */
function fitModel(rows: readonly Row[]): ConfidenceModel {
  let bias = 0;
  const w = FEATURE_NAMES.map(() => 0);
  for (let it = 0; it < 5000; it++) {
    let gb = 0;
    const gw = w.map(() => 0);
    for (const r of rows) {
      const z = bias + r.x.reduce((s, v, i) => s + v * (w[i] as number), 0);
      const e = 1 / (1 + Math.exp(-z)) - r.y;
      gb += e;
      r.x.forEach((v, i) => {
        gw[i] = (gw[i] as number) + e * v;
      });
    }
    bias -= (0.5 * gb) / rows.length;
    w.forEach((wi, i) => {
      w[i] = wi - 0.5 * ((gw[i] as number) / rows.length + 0.001 * wi);
    });
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    bias: round(bias),
    weights: Object.fromEntries(
      FEATURE_NAMES.map((n, i) => [n, round(w[i] as number)]),
    ) as ConfidenceModel['weights'],
  };
}

function score(model: ConfidenceModel, rows: readonly Row[], tau: number): string {
  let n = 0;
  let right = 0;
  let wrong = 0;
  let oos = 0;
  let answered = 0;
  for (const r of rows) {
    const p = r.ruled
      ? 0
      : confidence(Object.fromEntries(FEATURE_NAMES.map((k, i) => [k, r.x[i]])) as never, model);
    if (r.inScope) {
      n++;
      if (p >= tau) r.y ? right++ : wrong++;
    } else {
      oos++;
      if (p >= tau) answered++;
    }
  }
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  return `right ${pct(right, n)}, wrong ${pct(wrong, n)}, out-of-scope answered ${pct(answered, oos)}`;
}

async function main(): Promise<void> {
  const sets = process.argv.slice(2).map((arg) => {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(arg);
    if (!m) throw new Error(`expected NAME=KB_DIR:QUESTIONS.jsonl, got "${arg}"`);
    return { name: m[1] as string, kb: m[2] as string, questions: m[3] as string };
  });
  if (sets.length < 2) throw new Error('give at least two sets, so each can be left out in turn');
  const rows: Row[] = [];
  for (const s of sets) {
    const loaded = await loadKnowledge(s.kb);
    const kb = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
    for (const q of parseQuestionSet(readFileSync(s.questions, 'utf8'))) {
      const r = kb.search(q.text, { limit: 5 });
      const f = features(r.results, r.query);
      const top = r.results[0]?.entry.id;
      rows.push({
        set: s.name,
        x: FEATURE_NAMES.map((n) => (f ? f[n] : 0)),
        y: top !== undefined && q.expected.includes(top) ? 1 : 0,
        inScope: q.expected.length > 0,
        ruled: (r.query.otherBody && !r.results[0]?.named) || r.results[0]?.substance === 0,
      });
    }
  }
  const taus = [0.4, 0.5, 0.6, 0.7];
  console.log('Each set scored by the model fitted on the others:');
  for (const s of sets) {
    const model = fitModel(rows.filter((r) => r.set !== s.name && !r.ruled));
    const test = rows.filter((r) => r.set === s.name);
    for (const tau of taus)
      console.log(`  ${s.name.padEnd(12)} threshold ${tau}: ${score(model, test, tau)}`);
  }
  const model = fitModel(rows.filter((r) => !r.ruled));
  const ruled = rows.filter((r) => r.ruled);
  console.log(
    `\nRuled out as another body's service: ${ruled.length} (${ruled.filter((r) => r.inScope && r.y).length} of them in scope with the right entry first)`,
  );
  console.log(`\nFitted on all ${rows.length} messages:\n${JSON.stringify(model, null, 2)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
