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
  candidateFeatures,
  JUDGED,
  QUESTION_FEATURES,
  questionFeatures,
  softmaxJudge,
  softmaxOfWeights,
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
  /** Candidate features, the lexical best first. */
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

/** Listwise softmax regression (the candidates and "none") by batch gradient descent with a light L2. */
function fitModel(rows: readonly Row[]): ConfidenceModel {
  const c = CANDIDATE_FEATURES.map(() => 0);
  const v = QUESTION_FEATURES.map(() => 0);
  let b = 0;
  const model = (): ConfidenceModel => ({
    candidate: Object.fromEntries(
      CANDIDATE_FEATURES.map((n, i) => [n, c[i]]),
    ) as ConfidenceModel['candidate'],
    none: Object.fromEntries(QUESTION_FEATURES.map((n, i) => [n, v[i]])) as ConfidenceModel['none'],
    noneBias: b,
  });
  for (let it = 0; it < ITERATIONS; it++) {
    const gc = c.map(() => 0);
    const gv = v.map(() => 0);
    let gb = 0;
    for (const r of rows) {
      const { p, none } = softmaxOfWeights(r.x, r.q, c, v, b);
      const hits = r.y.reduce((sum, y) => sum + y, 0);
      r.x.forEach((x, k) => {
        const err = (p[k] as number) - (hits ? (r.y[k] as number) / hits : 0);
        x.forEach((val, i) => {
          gc[i] = (gc[i] as number) + err * val;
        });
      });
      const eNone = none - (hits ? 0 : 1);
      r.q.forEach((val, i) => {
        gv[i] = (gv[i] as number) + eNone * val;
      });
      gb += eNone;
    }
    const n = rows.length;
    c.forEach((w, i) => {
      c[i] = w - RATE * ((gc[i] as number) / n + L2 * w);
    });
    v.forEach((w, i) => {
      v[i] = w - RATE * ((gv[i] as number) / n + L2 * w);
    });
    b -= (RATE * gb) / n;
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  const m = model();
  return {
    candidate: Object.fromEntries(
      Object.entries(m.candidate).map(([k, w]) => [k, round(w)]),
    ) as ConfidenceModel['candidate'],
    none: Object.fromEntries(
      Object.entries(m.none).map(([k, w]) => [k, round(w)]),
    ) as ConfidenceModel['none'],
    noneBias: round(m.noneBias),
  };
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
      const r = kb.search(question.text, { limit: JUDGED });
      const q = questionFeatures(r.results, r.query);
      if (!q) continue;
      rows.push({
        set: s.name,
        x: candidateFeatures(r.results),
        q,
        y: r.results.map((e) => (question.expected.includes(e.entry.id) ? 1 : 0)),
        inScope: question.expected.length > 0,
        refused: r.results.map((e) => ruledOut(e, r.query)),
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
  const model = { ...fitted, noneBias: Math.round((fitted.noneBias + offset) * 100) / 100 };
  console.log(
    `\nFitted on all ${rows.length} messages (none-offset ${offset}):\n${JSON.stringify(model, null, 2)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
