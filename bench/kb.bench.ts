/**
 * Knowledge-base benchmark (`npm run bench:kb`): accuracy on the demo knowledge base's labelled questions and
 * on the four blind tuning sets (tests/eval/: valdora, montebruno, torrebianca, lagoverde), and the latency of
 * first-time searches at the demo's size and at 10,000 entries, for Sportello's retrieval and for plain
 * MiniSearch defaults on the same data, side by side. The held-out blind sets are never read here (see
 * docs/knowledge-base-quality.md).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import MiniSearch from 'minisearch';
import type { KbEntry } from '../src/kb/entry';
import { parseQuestionSet } from '../src/kb/evaluation/question-set';
import { KnowledgeSnapshot } from '../src/kb/knowledge-snapshot';
import { loadKnowledge } from '../src/kb/loader';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD, decide } from '../src/kb/policy';
import { normalize } from '../src/shared/normalize';
import { semanticLatency } from './kb-semantic';
import { syntheticKnowledge } from './kb-synthetic';

interface Labelled {
  q: string;
  id: string | null;
  /** Every entry that answers it (the blind sets may name more than one). */
  also?: string[];
}

const ROOT = path.join(__dirname, '..');
const ANSWER = Number(process.env.KB_ANSWER_THRESHOLD ?? DEFAULT_ANSWER_THRESHOLD);
const SUGGEST = Number(process.env.KB_SUGGEST_THRESHOLD ?? DEFAULT_SUGGEST_THRESHOLD);
/** The blind tuning sets: other comuni's knowledge bases and citizens' messages written without the code. */
const TUNING_SETS = ['valdora', 'montebruno', 'torrebianca', 'lagoverde'];

/** The system under test: answers a question with the top entry id and whether it would answer directly. */
interface System {
  name: string;
  ask(q: string): { top: string | null; answered: boolean; offered: string[] };
}

function ours(
  entries: readonly KbEntry[],
  synonyms: KnowledgeSnapshot['synonyms'],
): System & { memoHits: () => number } {
  const kb = new KnowledgeSnapshot(entries, synonyms);
  return {
    name: 'Sportello',
    memoHits: () => kb.memoStats().hits,
    ask(q) {
      const d = decide(kb.search(q, { fallback: 'it' }), {
        answerThreshold: ANSWER,
        suggestThreshold: SUGGEST,
      });
      if (d.kind === 'answer') return { top: d.best.entry.id, answered: true, offered: [d.best.entry.id] };
      if (d.kind === 'suggest')
        return {
          top: d.options[0]?.entry.id ?? null,
          answered: false,
          offered: d.options.map((o) => o.entry.id),
        };
      return { top: null, answered: false, offered: [] };
    },
  };
}

function plainMiniSearch(entries: readonly KbEntry[]): System {
  const mini = new MiniSearch<{ id: string; title: string; questions: string; tags: string; body: string }>({
    fields: ['title', 'questions', 'tags', 'body'],
  });
  mini.addAll(
    entries.map((e) => ({
      id: e.id,
      title: e.title,
      questions: e.questions.join('\n'),
      tags: e.tags.join(' '),
      body: e.body,
    })),
  );
  return {
    name: 'MiniSearch defaults',
    ask(q) {
      const top = (mini.search(q)[0]?.id as string | undefined) ?? null;
      // Plain MiniSearch has no confidence: it answers whenever anything matches.
      return { top, answered: top !== null, offered: top ? [top] : [] };
    },
  };
}

function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`;
}

function accuracy(system: System, set: readonly Labelled[]) {
  let hit = 0;
  let answeredRight = 0;
  let answeredWrong = 0;
  let offeredRight = 0;
  let inScope = 0;
  let oos = 0;
  let refused = 0;
  let refusedStrict = 0;
  const misses: string[] = [];
  for (const { q, id, also } of set) {
    const r = system.ask(q);
    if (id) {
      inScope++;
      const good = also?.length ? also : [id];
      const right = r.top !== null && good.includes(r.top);
      if (right) hit++;
      else misses.push(`  ${q}  → ${r.top ?? '∅'} (want ${id})`);
      if (r.answered && right) answeredRight++;
      if (r.answered && !right) answeredWrong++;
      if (r.offered.some((o) => good.includes(o))) offeredRight++;
    } else {
      oos++;
      if (!r.answered) refused++;
      if (r.offered.length === 0) refusedStrict++;
      else if (process.env.VERBOSE)
        misses.push(`  OOS ${q} → ${r.answered ? 'ANSWERED' : 'offered'} ${r.offered.join(',')}`);
    }
  }
  return {
    'hit@1': pct(hit, inScope),
    'answered directly & right': pct(answeredRight, inScope),
    'answered directly & wrong': pct(answeredWrong, inScope),
    'right entry answered or offered': pct(offeredRight, inScope),
    'out-of-scope: no answer given': pct(refused, oos),
    'out-of-scope: nothing offered at all': pct(refusedStrict, oos),
    misses,
  };
}

interface Latency {
  p50: number;
  p99: number;
  /** Searches the knowledge base's memo answered (a first-time figure must have none). */
  memoHits: number;
}

/**
 * Times each question once on a freshly built system, after warming the JIT up with other questions: every
 * timed search is a first-time search (the snapshot's memo has never seen it; its hits are counted to prove
 * it). Caches of word-level work (stems, typo corrections) stay warm, as on a running server.
 */
function latency(
  make: () => System & { memoHits?: () => number },
  warm: readonly string[],
  timed: readonly string[],
): Latency {
  const system = make();
  for (const q of warm) system.ask(q);
  const before = system.memoHits?.() ?? 0;
  const times: number[] = [];
  for (const q of timed) {
    const t = process.hrtime.bigint();
    system.ask(q);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), memoHits: (system.memoHits?.() ?? 0) - before };
}

/** The messages of a blind tuning set as labelled questions, with their knowledge base. */
async function tuningSet(name: string): Promise<{ entries: KbEntry[]; set: Labelled[] }> {
  const dir = path.join(ROOT, 'tests/eval', name);
  const loaded = await loadKnowledge(path.join(dir, 'knowledge'));
  const set = parseQuestionSet(readFileSync(path.join(dir, 'questions.jsonl'), 'utf8')).map((q) => ({
    q: q.text,
    id: q.expected[0] ?? null,
    also: q.expected,
  }));
  return { entries: loaded.entries, set };
}

async function main(): Promise<void> {
  const loaded = await loadKnowledge(path.join(ROOT, 'knowledge'));
  const set = JSON.parse(
    readFileSync(path.join(ROOT, 'tests/fixtures/kb/labelled-questions.json'), 'utf8'),
  ) as Labelled[];
  const kbQuestions = new Set(loaded.entries.flatMap((e) => [e.title, ...e.questions]).map(normalize));
  const copies = set.filter((l) => kbQuestions.has(normalize(l.q)));
  const today = new Date();
  const live = loaded.entries.filter(
    (e) => !e.valid_until || e.valid_until >= today.toISOString().slice(0, 10),
  );
  const inScope = set.filter((l) => l.id).length;
  console.log(
    `Knowledge base: ${live.length} live entries (${live.filter((e) => e.lang === 'it').length} it, ${live.filter((e) => e.lang === 'en').length} en)`,
  );
  console.log(
    `Labelled set: ${set.length} questions (${inScope} in scope, ${set.length - inScope} out of scope); copies of KB questions: ${copies.length}`,
  );
  console.log(`Thresholds: answer ${ANSWER}, suggest ${SUGGEST}\n`);

  const systems = [ours(live, loaded.synonyms), plainMiniSearch(live)];
  const results = systems.map((s) => ({ name: s.name, ...accuracy(s, set) }));
  const rows = Object.keys(results[0] ?? {}).filter((k) => k !== 'name' && k !== 'misses');
  console.log(['metric'.padEnd(40), ...results.map((r) => r.name.padEnd(22))].join(''));
  for (const row of rows) {
    console.log(
      [row.padEnd(40), ...results.map((r) => String(r[row as keyof typeof r]).padEnd(22))].join(''),
    );
  }

  // Written after tuning, never used to tune: how the figures hold on questions the tuning did not see.
  const holdout = JSON.parse(
    readFileSync(path.join(ROOT, 'tests/fixtures/kb/holdout-questions.json'), 'utf8'),
  ) as Labelled[];
  const held = systems.map((s) => ({ name: s.name, ...accuracy(s, holdout) }));
  console.log(`\nHeld-out set: ${holdout.length} questions (${holdout.filter((l) => l.id).length} in scope)`);
  for (const row of rows) {
    console.log([row.padEnd(40), ...held.map((r) => String(r[row as keyof typeof r]).padEnd(22))].join(''));
  }
  if (process.env.VERBOSE)
    for (const r of held) console.log(`\n${r.name} held-out misses:\n${r.misses.join('\n')}`);

  const blind = await Promise.all(TUNING_SETS.map(tuningSet));
  for (const [i, b] of blind.entries()) {
    const tuned = [ours(b.entries, { it: [], en: [] }), plainMiniSearch(b.entries)].map((sys) => ({
      name: sys.name,
      ...accuracy(sys, b.set),
    }));
    console.log(
      `\nBlind tuning set "${TUNING_SETS[i]}": ${b.entries.length} entries, ${b.set.length} messages (${b.set.filter((l) => l.id).length} in scope), no synonyms.yml`,
    );
    for (const row of rows)
      console.log(
        [row.padEnd(40), ...tuned.map((r) => String(r[row as keyof typeof r]).padEnd(22))].join(''),
      );
  }

  // Latency: distinct citizen messages, each searched once on a fresh index (first-time searches).
  const timed = [...new Set(blind.flatMap((b) => b.set.map((l) => l.q)))];
  const warm = [...new Set(set.map((l) => l.q))].filter((q) => !timed.includes(q));
  const runs = Number(process.env.RUNS ?? 3);
  console.log(
    `\nLatency of first-time searches: ${timed.length} distinct messages of the blind tuning sets, each searched once on a freshly built index after ${warm.length} other questions warmed the JIT up; ${runs} runs, each on a new index (min–max over runs); Node flags as the server runs: ${process.execArgv.filter((a) => a.startsWith('--max-')).join(' ') || 'none'}.`,
  );
  for (const size of [live.length, 10_000]) {
    const entries = size <= live.length ? live : syntheticKnowledge(live, size);
    const fmt = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} ms`.padEnd(22);
    // One system at a time, so one index's garbage does not pause the other's measurements.
    const ourRuns: Latency[] = [];
    const miniRuns: Latency[] = [];
    for (let r = 0; r < runs; r++) {
      ourRuns.push(latency(() => ours(entries, loaded.synonyms), warm, timed));
      miniRuns.push(latency(() => plainMiniSearch(entries), warm, timed));
    }
    console.log(`\nAt ${entries.length} entries`);
    console.log(['percentile'.padEnd(40), 'Sportello'.padEnd(22), 'MiniSearch defaults'].join(''));
    console.log(['p50'.padEnd(40), fmt(ourRuns.map((l) => l.p50)), fmt(miniRuns.map((l) => l.p50))].join(''));
    console.log(['p99'.padEnd(40), fmt(ourRuns.map((l) => l.p99)), fmt(miniRuns.map((l) => l.p99))].join(''));
    console.log(
      [
        'memo hits while timing'.padEnd(40),
        String(ourRuns.reduce((n, l) => n + l.memoHits, 0)).padEnd(22),
        'n/a',
      ].join(''),
    );
  }
  if (process.env.VERBOSE)
    for (const r of results) console.log(`\n${r.name} misses:\n${r.misses.join('\n')}`);
  await semanticLatency(live, loaded.synonyms);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
