/**
 * `npm run fit:kb -- NAME=KB_DIR:QUESTIONS.jsonl … [--none-offset N] [--write-associations FILE]
 * [--write-bank FILE]`: fits the answer model (src/kb/confidence.ts) on labelled sets and prints, for each
 * set left out in turn, what the model fitted on the others would do at several answer thresholds (the
 * policy's rules for another body's service and for aspects alone applied, its tie rule not), then the
 * pooled figures. Only tuning sets belong here: a held-out set must never be fitted on. `--none-offset` adds
 * to the fitted bias of "none of these entries" (the shipped model's, and why, are in
 * docs/knowledge-base-quality.md).
 *
 * The word associations and the question bank the model weighs (src/kb/lexicon/associations.ts,
 * question-bank.ts) are learned here too: each set's features come from those learned without its knowledge
 * base, so that a set's own questions never vouch for its entries; `--write-associations` and `--write-bank`
 * write those learned from all the sets (the shipped files are src/kb/lexicon/associations.json and
 * question-bank.json).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CANDIDATE_FEATURES,
  type ConfidenceModel,
  JUDGED,
  QUESTION_FEATURES,
  softmaxJudge,
  weighed,
} from '../src/kb/confidence';
import { parseQuestionSet } from '../src/kb/evaluation/question-set';
import { KnowledgeSnapshot } from '../src/kb/knowledge-snapshot';
import {
  type AssociationExample,
  Associations,
  type AssociationTable,
  learnAssociations,
} from '../src/kb/lexicon/associations';
import { type BankExample, learnBank, QuestionBank } from '../src/kb/lexicon/question-bank';
import { type LoadResult, loadKnowledge } from '../src/kb/loader';
import { ruledOut } from '../src/kb/policy';

interface Row {
  set: string;
  /** Candidate vectors as the model weighs them (confidence.ts `weighed`), the lexical best first. */
  x: number[][];
  q: number[];
  /** Per candidate: 1 when it is a right entry. */
  y: number[];
  inScope: boolean;
  /** Per candidate: whether a policy rule refuses it as the best (another body's service, only aspects). */
  refused: boolean[];
}

const ITERATIONS = 3000;
const RATE = 1;
const L2 = 0.001;

/** The rows in flat arrays, so that the fit's 3,000 passes run over typed arrays, not nested ones. */
interface Packed {
  /** Candidate vectors, one after another; row r's are candidates start[r] to start[r + 1] - 1. */
  x: Float64Array;
  start: Uint32Array;
  /** Per candidate: its share of the row's right entries (0 when none of them is right). */
  target: Float64Array;
  /** Question vectors, one per row. */
  q: Float64Array;
  /** Per row: 1 when no candidate is right (the option "none" is). */
  noneTarget: Float64Array;
}

function pack(rows: readonly Row[], nf: number, nq: number): Packed {
  const total = rows.reduce((sum, r) => sum + r.x.length, 0);
  const p: Packed = {
    x: new Float64Array(total * nf),
    start: new Uint32Array(rows.length + 1),
    target: new Float64Array(total),
    q: new Float64Array(rows.length * nq),
    noneTarget: new Float64Array(rows.length),
  };
  let k = 0;
  rows.forEach((r, i) => {
    p.start[i] = k;
    const hits = r.y.reduce((sum, y) => sum + y, 0);
    r.x.forEach((x, j) => {
      p.x.set(x, k * nf);
      p.target[k] = hits ? (r.y[j] as number) / hits : 0;
      k++;
    });
    p.q.set(r.q, i * nq);
    p.noneTarget[i] = hits ? 0 : 1;
  });
  p.start[rows.length] = k;
  return p;
}

/**
 * Listwise softmax regression (the candidates and "none") by batch gradient descent with a light L2: the
 * arithmetic of `softmaxOfWeights`, in the same order, over the packed rows.
 */
function fitModel(rows: readonly Row[]): ConfidenceModel {
  // Candidate weights, then the across reading's question weights (the order of `weighed`'s vectors).
  const nc = CANDIDATE_FEATURES.length;
  const nf = nc + QUESTION_FEATURES.length;
  const nq = QUESTION_FEATURES.length;
  const c = new Float64Array(nf);
  const v = new Float64Array(nq);
  let b = 0;
  const { x, start, target, q, noneTarget } = pack(rows, nf, nq);
  const n = rows.length;
  const gc = new Float64Array(nf);
  const gv = new Float64Array(nq);
  const e = new Float64Array(Math.max(1, ...rows.map((r) => r.x.length)));
  for (let it = 0; it < ITERATIONS; it++) {
    gc.fill(0);
    gv.fill(0);
    let gb = 0;
    for (let r = 0; r < n; r++) {
      const from = start[r] as number;
      const to = start[r + 1] as number;
      let zNone = b;
      for (let i = 0; i < nq; i++) zNone += (q[r * nq + i] as number) * (v[i] as number);
      let top = zNone;
      for (let k = from; k < to; k++) {
        let z = 0;
        for (let i = 0; i < nf; i++) z += (x[k * nf + i] as number) * (c[i] as number);
        e[k - from] = z;
        if (z > top) top = z;
      }
      const eNone = Math.exp(zNone - top);
      let sum = eNone;
      for (let k = from; k < to; k++) {
        e[k - from] = Math.exp((e[k - from] as number) - top);
        sum += e[k - from] as number;
      }
      for (let k = from; k < to; k++) {
        const err = (e[k - from] as number) / sum - (target[k] as number);
        for (let i = 0; i < nf; i++) gc[i] = (gc[i] as number) + err * (x[k * nf + i] as number);
      }
      const errNone = eNone / sum - (noneTarget[r] as number);
      for (let i = 0; i < nq; i++) gv[i] = (gv[i] as number) + errNone * (q[r * nq + i] as number);
      gb += errNone;
    }
    for (let i = 0; i < nf; i++)
      c[i] = (c[i] as number) - RATE * ((gc[i] as number) / n + L2 * (c[i] as number));
    for (let i = 0; i < nq; i++)
      v[i] = (v[i] as number) - RATE * ((gv[i] as number) / n + L2 * (v[i] as number));
    b -= (RATE * gb) / n;
  }
  // The weights by name, rounded to two decimals (the shipped model's precision).
  const named = <K extends string>(names: readonly K[], w: Float64Array, from = 0) =>
    Object.fromEntries(names.map((name, i) => [name, round2(w[from + i] as number)])) as Record<K, number>;
  return {
    candidate: named(CANDIDATE_FEATURES, c),
    across: named(QUESTION_FEATURES, c, nc),
    none: named(QUESTION_FEATURES, v),
    noneBias: round2(b),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

interface Tally {
  n: number;
  right: number;
  wrong: number;
  oos: number;
  answered: number;
}

function tally(model: ConfidenceModel, rows: readonly Row[], tau: number, into?: Tally): Tally {
  const t = into ?? { n: 0, right: 0, wrong: 0, oos: 0, answered: 0 };
  for (const r of rows) {
    let answered = false;
    let right = false;
    if (r.x.length) {
      const { p } = softmaxJudge(r.x, r.q, model);
      const k = p.indexOf(Math.max(...p));
      answered = !r.refused[k] && (p[k] as number) >= tau;
      right = r.y[k] === 1;
    }
    if (r.inScope) {
      t.n++;
      if (answered) right ? t.right++ : t.wrong++;
    } else {
      t.oos++;
      if (answered) t.answered++;
    }
  }
  return t;
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
const line = (t: Tally) =>
  `right ${pct(t.right, t.n)}, wrong ${pct(t.wrong, t.n)}, out-of-scope answered ${pct(t.answered, t.oos)}`;

const NO_ASSOCIATIONS = new Associations({ it: {}, en: {} });
const NO_BANK = new QuestionBank({ pages: [] });

/**
 * The set's questions as the association and bank learning read them: the question's stems as the search
 * read them and the right entry's terms, for questions asked in their entry's language.
 */
function learningExamples(
  source: string,
  loaded: LoadResult,
  questions: ReturnType<typeof parseQuestionSet>,
): Array<AssociationExample & BankExample> {
  const kb = new KnowledgeSnapshot(loaded.entries, loaded.synonyms, NO_ASSOCIATIONS, NO_BANK);
  return questions.flatMap((question) => {
    const id = question.expected[0];
    if (id === undefined) return [];
    const r = kb.search(question.text, { limit: JUDGED });
    const terms = kb.index(r.lang).termsOf(id);
    if (!terms || r.query.foreign) return [];
    return [{ lang: r.lang, source, entryId: id, question: r.query.stems, ...terms }];
  });
}

/** The bank as JSON with one line per page, so that a refit reads as a diff. */
function formatBank(table: ReturnType<typeof learnBank>): string {
  const pages = table.pages
    .map((p) => `    ${JSON.stringify(p)}`)
    .sort()
    .join(',\n');
  return `{\n  "pages": [\n${pages}\n  ]\n}\n`;
}

/** The table as JSON with one line per question word, sorted, so that a refit reads as a diff. */
function formatAssociations(table: AssociationTable): string {
  const lang = (l: 'it' | 'en') =>
    Object.keys(table[l])
      .sort()
      .map((w) => {
        const row = table[l][w] ?? {};
        const sorted = Object.fromEntries(
          Object.keys(row)
            .sort()
            .map((t) => [t, row[t]]),
        );
        return `    ${JSON.stringify(w)}: ${JSON.stringify(sorted)}`;
      })
      .join(',\n');
  return `{\n  "it": {\n${lang('it')}\n  },\n  "en": {\n${lang('en')}\n  }\n}\n`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--none-offset');
  const offset = at >= 0 ? Number(args.splice(at, 2)[1]) : 0;
  const wa = args.indexOf('--write-associations');
  const writeAssociations = wa >= 0 ? args.splice(wa, 2)[1] : undefined;
  const wb = args.indexOf('--write-bank');
  const writeBank = wb >= 0 ? args.splice(wb, 2)[1] : undefined;
  const sets = args.map((arg) => {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(arg);
    if (!m) throw new Error(`expected NAME=KB_DIR:QUESTIONS.jsonl, got "${arg}"`);
    return { name: m[1] as string, kb: m[2] as string, questions: m[3] as string };
  });
  if (sets.length < 2) throw new Error('give at least two sets, so each can be left out in turn');
  const read = [];
  for (const s of sets) {
    const loaded = await loadKnowledge(s.kb);
    const questions = parseQuestionSet(readFileSync(s.questions, 'utf8'));
    read.push({ ...s, source: path.resolve(s.kb), loaded, questions });
  }
  const examples = read.flatMap((s) => learningExamples(s.source, s.loaded, s.questions));
  if (writeAssociations) {
    writeFileSync(writeAssociations, formatAssociations(learnAssociations(examples)));
    console.log(`Associations learned from ${examples.length} questions written to ${writeAssociations}`);
  }
  if (writeBank) {
    writeFileSync(writeBank, formatBank(learnBank(examples)));
    console.log(`Question bank of ${examples.length} questions written to ${writeBank}`);
  }
  const rows: Row[] = [];
  for (const s of read) {
    const { loaded } = s;
    const others = examples.filter((e) => e.source !== s.source);
    const kb = new KnowledgeSnapshot(
      loaded.entries,
      loaded.synonyms,
      new Associations(learnAssociations(others)),
      new QuestionBank(learnBank(others)),
    );
    for (const question of s.questions) {
      const found = weighed(kb.search(question.text, { limit: JUDGED }));
      if (!found) continue;
      rows.push({
        set: s.name,
        x: found.x,
        q: found.q,
        y: found.candidates.map((c) => (question.expected.includes(c.entry.entry.id) ? 1 : 0)),
        inScope: question.expected.length > 0,
        refused: found.candidates.map((c) => ruledOut(c.entry, c.query)),
      });
    }
  }
  const taus = [0.5, 0.55, 0.6, 0.65, 0.7];
  const pooled = taus.map(() => ({ n: 0, right: 0, wrong: 0, oos: 0, answered: 0 }));
  console.log('Each set scored by the model fitted on the others:');
  for (const s of sets) {
    const fitted = fitModel(rows.filter((r) => r.set !== s.name));
    const model = { ...fitted, noneBias: fitted.noneBias + offset };
    const test = rows.filter((r) => r.set === s.name);
    taus.forEach((tau, i) => {
      console.log(`  ${s.name.padEnd(12)} threshold ${tau}: ${line(tally(model, test, tau))}`);
      tally(model, test, tau, pooled[i]);
    });
  }
  console.log('\nPooled, each set scored by the model fitted without it:');
  taus.forEach((tau, i) => {
    console.log(`  threshold ${tau}: ${line(pooled[i] as Tally)}`);
  });
  const fitted = fitModel(rows);
  const model = { ...fitted, noneBias: round2(fitted.noneBias + offset) };
  console.log(
    `\nFitted on all ${rows.length} messages (none-offset ${offset}):\n${JSON.stringify(model, null, 2)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
