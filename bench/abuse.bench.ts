/**
 * `npm run bench:abuse`: how a normal citizen's reply time holds up while the server is abused. A Sportello
 * server runs in its own process as `npm start` runs it (SQLite, default limits); web chat citizens, each from
 * a loopback address of its own, keep their WebSocket stream open and write at a human pace; their reply
 * latency (POST of the message until the bot's reply is read on the stream) is recorded per phase. In rounds,
 * one after another in the same run: no abuse, then each abuse in turn, run by a worker thread at the lowest
 * CPU priority (the attacker's CPU is not the server's; on a shared machine the flood takes what is left) so the
 * flood never delays the timing of the citizens:
 *   - gzip bomb: 8 connections posting a ~200 KB gzip body that inflates to 200 MB of JSON, as fast as the
 *     server answers, to the web chat session, the console login and Direct Line;
 *   - logins: 80 concurrent console logins from 80 loopback addresses (127.0.4.x), random user names, each
 *     sent again as soon as it is answered (so per-address limits alone cannot absorb them);
 *   - conversations: 10,000 new conversations asked for as Web Chat does (a session token, then
 *     `POST /v3/directline/conversations`) by 500 openers over 250 loopback addresses, each sending its next
 *     as soon as the last is answered; the phase lasts until all 10,000 are answered.
 * Prints per phase the citizens' p50/p99, the p99 ratio to the same run's unloaded p99 (target ≤ 3), the
 * abuse's requests and answers, and the server's peak RSS. Prints figures only; never fails.
 *
 * Env: BENCH_ROUNDS (default 4), BENCH_FLOOD_CONVERSATIONS (default 10000), BENCH_PHASE_SECONDS (default 5), BENCH_CITIZENS (default 80),
 * BENCH_ABUSES (a comma-separated subset of gzip-bomb,logins,conversations; default all), BENCH_SERVER_ENV
 * (JSON of server variables to compare, e.g. '{"LOGIN_RATE_GLOBAL":"1"}'),
 * BENCH_CITIZEN_INTERVAL_MS (default 2500: each citizen's pace, under the per-conversation flood limit).
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse as parseYaml } from 'yaml';
import { spawnApp } from '../tests/helpers/spawn-app';
import type { AbuseJob, AbuseKind, AbuseReport } from './lib/abuser';
import { SimulatedCitizen } from './lib/simulated-citizen';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** New conversations the flood asks for in each conversation phase. */
const FLOOD_CONVERSATIONS = Number(process.env.BENCH_FLOOD_CONVERSATIONS ?? 10_000);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 5);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 80);
const INTERVAL_MS = Number(process.env.BENCH_CITIZEN_INTERVAL_MS ?? 2500);
const REST_MS = 1500;
const WARMUP_MS = 3000;
const ROOT = path.resolve(__dirname, '..');
const METRICS_TOKEN = 'bench-metrics-token-0123456789';

type Phase = 'unloaded' | AbuseKind;
const ALL_PHASES: Phase[] = ['unloaded', 'gzip-bomb', 'logins', 'conversations'];
/** `BENCH_ABUSES`: a comma-separated subset of the abuses (the unloaded phase always runs). */
const PHASES: Phase[] = [
  'unloaded',
  ...ALL_PHASES.filter((p) => p !== 'unloaded' && (process.env.BENCH_ABUSES ?? p).split(',').includes(p)),
];
const LABELS: Record<Phase, string> = {
  unloaded: 'unloaded',
  'gzip-bomb': 'gzip bomb',
  logins: '80 logins, 80 addresses',
  conversations: 'conversation flood',
};

/** Runs the abuser's module on a worker thread through tsx, like the bench itself. */
function startAbuser(): Worker {
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    require(workerData.tsx).register();
    require(workerData.entry);`;
  return new Worker(bootstrap, {
    eval: true,
    workerData: { tsx: require.resolve('tsx/cjs/api'), entry: path.join(__dirname, 'lib', 'abuser.ts') },
  });
}

function abuse(worker: Worker, job: AbuseJob): Promise<AbuseReport> {
  return new Promise((resolve) => {
    worker.once('message', (report: AbuseReport) => resolve(report));
    worker.postMessage(job);
  });
}

/** Every `questions:` entry of the Italian knowledge base: what citizens really ask. */
function faqQuestions(): string[] {
  const dir = path.join(ROOT, 'knowledge', 'it');
  const questions: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1];
    const parsed = front ? (parseYaml(front) as { questions?: unknown }) : undefined;
    if (Array.isArray(parsed?.questions)) questions.push(...parsed.questions.map(String));
  }
  return questions;
}

/** CPU seconds (user + system) a process (all threads) or one thread has used so far (Linux /proc). */
function cpuSeconds(pid: number, thread?: number): number {
  const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** The server's event-loop delay p99 and max since the last scrape, in ms (prom-client resets them). */
async function loopDelay(url: string): Promise<{ p99: number; max: number }> {
  const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    p99: value('nodejs_eventloop_lag_p99_seconds') * 1000,
    max: value('nodejs_eventloop_lag_max_seconds') * 1000,
  };
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PhaseStats {
  latencies: number[];
  /** p99 of each round, in order. */
  roundP99: number[];
  errors: number;
  reports: AbuseReport[];
  peakRss: number;
  /** CPU seconds of the server process and of this bench process (citizens and abuse thread), summed. */
  serverCpu: number;
  /** CPU seconds of the server's main thread (its event loop). */
  mainCpu: number;
  benchCpu: number;
  seconds: number;
  /** The server's event-loop delay (p99, max) of each round, in ms. */
  loop: Array<{ p99: number; max: number }>;
}

async function main(): Promise<void> {
  const questions = faqQuestions();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-abuse-'));
  const app = await spawnApp({
    DATABASE_URL: `sqlite:${path.join(dir, 'abuse.db')}`,
    LOG_LEVEL: 'info',
    METRICS_TOKEN,
    // Settings to compare (e.g. '{"LOGIN_RATE_GLOBAL":"1"}'); the defaults otherwise.
    ...(JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>),
  });
  const pid = app.child.pid ?? 0;
  const worker = startAbuser();
  console.log(
    `Abuse bench: ${CITIZENS} web chat citizens (one loopback address each, stream open, one message every ` +
      `${INTERVAL_MS / 1000} s ±50 % each), reply latency = POST until the reply is read on the stream;\n` +
      `${ROUNDS} rounds of ${PHASES.map((p) => LABELS[p]).join(' → ')}, ${PHASE_SECONDS} s each (the ` +
      `conversation flood: until its ${FLOOD_CONVERSATIONS} are answered), ` +
      `${REST_MS / 1000} s rest between; server in its own process (SQLite, default limits, ` +
      `${os.cpus().length} CPUs shared with this bench and its abuse thread)\n`,
  );
  const stats = new Map<Phase, PhaseStats>(
    PHASES.map((p) => [
      p,
      {
        latencies: [],
        roundP99: [],
        errors: 0,
        reports: [],
        peakRss: 0,
        serverCpu: 0,
        mainCpu: 0,
        benchCpu: 0,
        seconds: 0,
        loop: [],
      },
    ]),
  );
  let phase: Phase | 'rest' = 'rest';
  let round: number[] = [];
  let stop = false;
  try {
    const citizens = Array.from({ length: CITIZENS }, (_v, i) => {
      const agent = new http.Agent({
        keepAlive: true,
        localAddress: `127.0.2.${i + 2}`,
      } as http.AgentOptions);
      return { citizen: new SimulatedCitizen(app.url, agent), agent };
    });
    for (const { citizen } of citizens) await citizen.open(true);
    const runners = citizens.map(async ({ citizen }, i) => {
      await sleep(Math.random() * INTERVAL_MS);
      for (let n = 0; !stop; n++) {
        const due = performance.now() + INTERVAL_MS * (0.5 + Math.random());
        const sentIn = phase;
        const text = questions[(i * 7 + n) % questions.length] ?? 'orari anagrafe';
        try {
          const latency = await citizen.send({ text });
          if (sentIn !== 'rest' && sentIn === phase) {
            stats.get(sentIn)?.latencies.push(latency);
            round.push(latency);
          }
        } catch {
          if (sentIn !== 'rest') (stats.get(sentIn) as PhaseStats).errors++;
        }
        await sleep(Math.max(0, due - performance.now()));
      }
    });

    await sleep(WARMUP_MS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of PHASES) {
        const s = stats.get(p) as PhaseStats;
        round = [];
        phase = p;
        const sampler = setInterval(() => {
          s.peakRss = Math.max(s.peakRss, rssMb(pid));
        }, 250);
        await loopDelay(app.url);
        const [server0, main0, bench0] = [cpuSeconds(pid), cpuSeconds(pid, pid), cpuSeconds(process.pid)];
        const t0 = performance.now();
        if (p === 'unloaded') await sleep(PHASE_SECONDS * 1000);
        else
          s.reports.push(
            await abuse(worker, {
              kind: p,
              url: app.url,
              seconds: PHASE_SECONDS,
              ...(p === 'conversations' ? { count: FLOOD_CONVERSATIONS } : {}),
            }),
          );
        s.serverCpu += cpuSeconds(pid) - server0;
        s.mainCpu += cpuSeconds(pid, pid) - main0;
        s.benchCpu += cpuSeconds(process.pid) - bench0;
        s.seconds += (performance.now() - t0) / 1000;
        s.loop.push(await loopDelay(app.url));
        clearInterval(sampler);
        s.roundP99.push(percentile(round, 99));
        phase = 'rest';
        await sleep(REST_MS);
      }
      console.log(`round ${r + 1} of ${ROUNDS} done`);
    }
    stop = true;
    await Promise.all(runners);
    for (const { citizen, agent } of citizens) {
      citizen.close();
      agent.destroy();
    }
  } finally {
    await worker.terminate();
    await app.kill();
    rmSync(dir, { recursive: true, force: true });
  }

  const s_ = (p: Phase) => stats.get(p) as PhaseStats;
  const baseline = percentile(s_('unloaded').latencies, 99);
  console.log(
    `\n${'phase'.padEnd(24)} ${'msgs'.padStart(5)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'×unloaded'.padStart(9)} ${'errors'.padStart(6)} ${'peak RSS MB'.padStart(11)} ${'server CPU'.padStart(10)} ${'main'.padStart(5)} ${'bench CPU'.padStart(9)}  p99 per round; server loop delay p99/max per round`,
  );
  for (const p of PHASES) {
    const s = stats.get(p) as PhaseStats;
    const p99 = percentile(s.latencies, 99);
    console.log(
      `${LABELS[p].padEnd(24)} ${String(s.latencies.length).padStart(5)} ${percentile(s.latencies, 50).toFixed(1).padStart(7)} ${p99.toFixed(1).padStart(7)} ${(p99 / baseline).toFixed(2).padStart(9)} ${String(s.errors).padStart(6)} ${s.peakRss.toFixed(0).padStart(11)} ${`${((100 * s.serverCpu) / s.seconds).toFixed(0)}%`.padStart(10)} ${`${((100 * s.mainCpu) / s.seconds).toFixed(0)}%`.padStart(5)} ${`${((100 * s.benchCpu) / s.seconds).toFixed(0)}%`.padStart(9)}  ${s.roundP99.map((x) => x.toFixed(1)).join(' / ')}; ${s.loop.map((l) => `${l.p99.toFixed(1)}/${l.max.toFixed(1)}`).join(' ')}`,
    );
  }
  console.log('');
  for (const p of PHASES.filter((x) => x !== 'unloaded')) {
    const reports = (stats.get(p) as PhaseStats).reports;
    const statuses: Record<string, number> = {};
    for (const r of reports)
      for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
    const attempts = reports.reduce((n, r) => n + r.attempts, 0);
    const created = reports.reduce((n, r) => n + r.created, 0);
    const answers = Object.entries(statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${v} × ${k}`)
      .join(', ');
    console.log(
      `${LABELS[p]}: ${attempts} requests in ${s_(p).seconds.toFixed(0)} s over ${ROUNDS} rounds (${answers})` +
        (p === 'conversations' ? `; conversations created: ${created}` : ''),
    );
  }
  const worst = Math.max(
    ...PHASES.filter((p) => p !== 'unloaded').map((p) =>
      percentile((stats.get(p) as PhaseStats).latencies, 99),
    ),
  );
  console.log(
    `\ntarget: every abused p99 within 3 × the unloaded p99 (${baseline.toFixed(1)} ms): ${worst <= 3 * baseline ? 'met' : 'NOT met'} (worst ${(worst / baseline).toFixed(2)} ×)`,
  );
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
