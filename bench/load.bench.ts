/**
 * `npm run bench:load`: N concurrent simulated web-chat citizens (own Direct Line conversation and WebSocket
 * stream each) loop through a greeting, two questions, the first steps of the `segnalazione` form and
 * "annulla", against a Sportello server running in its own process — once on SQLite and once on PostgreSQL.
 * The questions are the blind evaluation sets' messages, in each citizen's own seeded order, framed as
 * citizens frame them (`lib/citizen-messages.ts`), so nearly every one is searched for the first time; the
 * knowledge base's memo hit rate of each run, read from `/metrics`, is printed beside its figures.
 * Per backend: a paced run (citizens think between messages, together offering BENCH_RATE messages/s) and a
 * saturation run (no think time: the most the server does). Prints throughput, p50/p99 reply latency, errors
 * and the server's peak RSS; then the server's RSS holding 10,000 idle conversations. Targets (2-core
 * machine): ≥ 500 messages/s, p99 < 100 ms, zero errors at 200 conversations; RSS < 300 MB at 10,000 idle
 * conversations. Prints figures only; never fails.
 *
 * Env: BENCH_SECONDS (paced run, default 60), BENCH_SATURATION_SECONDS (default 20), BENCH_CONCURRENCY
 * (default 200), BENCH_RATE (default 550), BENCH_IDLE_CONVERSATIONS (default 10000),
 * BENCH_BACKENDS (comma-separated subset of `sqlite,postgres,idle`, default all three: e.g. `postgres` runs
 * only the PostgreSQL paced and saturation runs), BENCH_FRAMING (default `on`; `off` sends the messages
 * exactly as written, so citizens repeat each other and the memo answers most questions),
 * TEST_DATABASE_URL (PostgreSQL server to create a throw-away database on; default
 * postgres://postgres@127.0.0.1:5432/test — skipped with a message when unreachable).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { postgresReachable } from '../tests/helpers/postgres';
import { createTestDatabase } from '../tests/helpers/postgres-database';
import { type SpawnedApp, spawnApp } from '../tests/helpers/spawn-app';
import { blindSetMessages, CitizenQuestions, describeLengths } from './lib/citizen-messages';
import { formatMemo, type MemoCounters, memoDelta, readMemoCounters } from './lib/memo-counters';
import { type CitizenStats, runCitizen, type ScriptLine, SimulatedCitizen } from './lib/simulated-citizen';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const IDLE = Number(process.env.BENCH_IDLE_CONVERSATIONS ?? 10_000);
/** Messages per second offered by all citizens together in the paced run (each thinks between messages). */
const RATE = Number(process.env.BENCH_RATE ?? 550);
const SATURATION_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? Math.min(20, SECONDS));
const WARMUP_MS = 3000;
/** Which runs to do: `sqlite`, `postgres` (paced + saturation each) and `idle` (the idle-memory run). */
const BACKENDS = new Set(
  (process.env.BENCH_BACKENDS ?? 'sqlite,postgres,idle').split(',').map((b) => b.trim()),
);
const FRAMED = (process.env.BENCH_FRAMING ?? 'on') !== 'off';
/** Seed of the citizens' orders and frames: citizen i of run r uses SEED + r * 100,000 + i. */
const SEED = 25;

const SERVER_ENV = {
  // The bench measures the message path, not the per-citizen flood protection.
  RATE_LIMIT_BURST: '1000000',
  RATE_LIMIT_PER_MINUTE: '100000000',
  // Every simulated citizen (and the idle conversations) comes from this machine's one address.
  NEW_CONVERSATIONS_PER_ADDRESS: '100000000',
  NEW_CONVERSATIONS_GLOBAL: '100000000',
  HANDOFFS_PER_ADDRESS: '100000000',
  // Many of the blind sets' questions are about other comuni, and after unanswered ones the handoff room
  // steps in, differently in and out of office hours: open at any hour, the bench does the same whenever it
  // runs (national holidays still close the office).
  OFFICE_HOURS: 'always',
};

/** One loop of a citizen: greeting, two questions of its own, four form steps, cancel. */
function scriptFor(questions: CitizenQuestions): (loop: number) => ScriptLine[] {
  return (loop) => {
    return [
      { text: loop % 2 ? 'buongiorno' : 'ciao' },
      { text: questions.ask() },
      { text: questions.ask() },
      // The expected words in Italian and English: a question in English switches the conversation.
      {
        text: 'Segnala un problema',
        choice: 'service:segnalazione',
        expect: ['di che tipo di problema', 'what kind of problem'],
      },
      { text: 'Strade e marciapiedi (buche)', choice: 'strade', expect: ['pericoloso', 'dangerous'] },
      { text: 'No', choice: 'no', expect: ['dove si trova', 'where is it'] },
      { text: `Via Roma ${10 + (loop % 90)}`, expect: ['foto', 'photo'] },
      { text: 'annulla', expect: ['annullato', 'cancelled'] },
    ];
  };
}

/** The resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` for 0‥n-1 with at most `width` at once. */
async function inWaves(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

interface LoadResult {
  backend: string;
  mode: string;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  peakRss: number;
  samples: string[];
  /** The knowledge base's memo lookups and hits during the run, warm-up included. */
  memo: MemoCounters;
}

/** Numbers the runs, so each run's citizens ask in orders and frames of their own. */
let runs = 0;

/** Drives the concurrent citizens against a running server for the configured time. */
async function load(app: SpawnedApp, backend: string, pool: string[], paced: boolean): Promise<LoadResult> {
  const seconds = paced ? SECONDS : SATURATION_SECONDS;
  const intervalMs = paced ? (CONCURRENCY / RATE) * 1000 : 0;
  const pid = app.child.pid ?? 0;
  // The memo is read before the citizens start and after the last one is done: a scrape of a server under
  // load can wait seconds for its turn, which would move the window. So the hit rate covers the warm-up too
  // (the same traffic).
  const readMemo = () => readMemoCounters(app.url, process.env.METRICS_TOKEN);
  const memoFrom = await readMemo();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });
  const citizens = Array.from({ length: CONCURRENCY }, () => new SimulatedCitizen(app.url, agent));
  await inWaves(CONCURRENCY, 50, (i) => citizens[i]?.open(true) ?? Promise.resolve());
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(pid));
  }, 500);
  const measureFrom = performance.now() + WARMUP_MS;
  const endAt = measureFrom + seconds * 1000;
  const run = runs++;
  const stats: CitizenStats[] = await Promise.all(
    citizens.map((c, i) => {
      const questions = new CitizenQuestions({ pool, seed: SEED + run * 100_000 + i, framed: FRAMED });
      return runCitizen(c, scriptFor(questions), measureFrom, endAt, intervalMs);
    }),
  );
  const memo = memoDelta(memoFrom, await readMemo());
  clearInterval(sampler);
  for (const c of citizens) c.close();
  agent.destroy();
  const latencies = stats.flatMap((s) => s.latencies).sort((a, b) => a - b);
  return {
    backend,
    mode: paced ? `paced ${RATE}/s` : 'saturation',
    seconds,
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: stats.reduce((n, s) => n + s.errors, 0),
    peakRss,
    samples: stats.flatMap((s) => s.samples).slice(0, 5),
    memo,
  };
}

/** Creates `IDLE` conversations of one message each on a fresh server; resolves RSS before and after (MB). */
async function idleMemory(app: SpawnedApp): Promise<{ before: number; after: number; seconds: number }> {
  const pid = app.child.pid ?? 0;
  await sleep(2000);
  const before = rssMb(pid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const t0 = performance.now();
  let failures = 0;
  await inWaves(IDLE, 50, async () => {
    const citizen = new SimulatedCitizen(app.url, agent);
    try {
      await citizen.open(false);
      await citizen.send({ text: 'ciao' });
    } catch {
      failures++;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  if (failures) console.log(`  (${failures} of the idle conversations failed to start)`);
  // Let the heap settle: sample until two readings a second apart differ by less than 1 % (at most 20 s).
  let after = rssMb(pid);
  for (let i = 0; i < 20; i++) {
    await sleep(1000);
    const now = rssMb(pid);
    const settled = Math.abs(now - after) < after * 0.01;
    after = now;
    if (settled) break;
  }
  return { before, after, seconds };
}

const memoRate = (m: MemoCounters) => (m.lookups > 0 ? `${((m.hits / m.lookups) * 100).toFixed(1)}%` : 'n/a');

const row = (r: LoadResult) =>
  `${r.backend.padEnd(9)} ${r.mode.padEnd(14)} ${String(r.seconds).padStart(4)} ${r.rate.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${r.peakRss.toFixed(0).padStart(13)} ${memoRate(r.memo).padStart(10)}`;

async function main(): Promise<void> {
  const pool = blindSetMessages();
  const sample = new CitizenQuestions({ pool, seed: SEED, framed: FRAMED });
  const asked = Array.from({ length: 10 * pool.length }, () => sample.ask());
  console.log(
    `Load bench: ${CONCURRENCY} concurrent web-chat citizens; per backend a paced run (${RATE} msgs/s offered, ${SECONDS} s) ` +
      `and a saturation run (no think time, ${SATURATION_SECONDS} s), each after ${WARMUP_MS / 1000} s warm-up;\n` +
      `server in its own process (${os.cpus().length} CPUs). Each citizen loops: "ciao" or "buongiorno", two questions, form "segnalazione"\n` +
      `(4 steps), "annulla". Questions: the ${pool.length} messages of the Valdora and Montebruno blind sets (in and out of scope,\n` +
      `written for other comuni's knowledge bases; this one is the demo's), in each citizen's own seeded order, ` +
      `${FRAMED ? 'framed with a greeting or thanks as citizens write them' : 'exactly as written (BENCH_FRAMING=off)'};\n` +
      `lengths ${describeLengths(asked)}. Memo hit rate: knowledge-base searches answered from the memo of recent questions.\n`,
  );
  const results: LoadResult[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-load-'));
  try {
    if (BACKENDS.has('sqlite')) {
      const app = await spawnApp({ ...SERVER_ENV, DATABASE_URL: `sqlite:${path.join(dir, 'load.db')}` });
      try {
        results.push(await load(app, 'sqlite', pool, true));
        results.push(await load(app, 'sqlite', pool, false));
      } finally {
        await app.kill();
      }
    }

    if (BACKENDS.has('postgres') && postgresReachable('the PostgreSQL load run')) {
      const database = await createTestDatabase('bench_load');
      try {
        const pgApp = await spawnApp({ ...SERVER_ENV, DATABASE_URL: database.url() });
        try {
          results.push(await load(pgApp, 'postgres', pool, true));
          results.push(await load(pgApp, 'postgres', pool, false));
        } finally {
          await pgApp.kill();
        }
      } finally {
        await database.drop();
      }
    } else if (BACKENDS.has('postgres')) {
      console.log('PostgreSQL run skipped: no server reachable (reason above).\n');
    }

    console.log(
      `${'backend'.padEnd(9)} ${'load'.padEnd(14)} ${'s'.padStart(4)} ${'msgs/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'peak RSS MB'.padStart(13)} ${'memo hits'.padStart(10)}`,
    );
    for (const r of results) console.log(row(r));
    for (const r of results) console.log(`${r.backend} ${r.mode}: memo hit rate ${formatMemo(r.memo)}`);
    for (const r of results.filter((x) => x.mode !== 'saturation')) {
      const met = r.rate >= 500 && r.p99 < 100 && r.errors === 0;
      console.log(`${r.backend}: target ≥ 500 msgs/s, p99 < 100 ms, 0 errors: ${met ? 'met' : 'NOT met'}`);
      for (const s of r.samples) console.log(`  error sample: ${s}`);
    }

    if (!BACKENDS.has('idle')) return;
    const idleApp = await spawnApp({ ...SERVER_ENV, DATABASE_URL: `sqlite:${path.join(dir, 'idle.db')}` });
    try {
      const { before, after, seconds } = await idleMemory(idleApp);
      console.log(
        `\nidle conversations (sqlite): RSS ${before.toFixed(0)} MB at start → ${after.toFixed(0)} MB holding ` +
          `${IDLE} conversations of one message each (created in ${seconds.toFixed(1)} s); ` +
          `target < 300 MB: ${after < 300 ? 'met' : 'NOT met'}`,
      );
    } finally {
      await idleApp.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
