/**
 * `npm run bench`: messages per second and p50/p99 latency of a citizen message through the Direct Line HTTP
 * API (POST …/activities → engine → replies stored, SQLite), next to a bare restify handler measured in the
 * same run, in alternating rounds (so a drift of the machine's speed moves both alike). Targets: bot path ≥ 40%
 * of the bare handler's throughput, p99 < 20 ms at 50 concurrent conversations. Prints figures only; never
 * fails. Next to throughput and latency it prints the CPU time per message of the server's main thread (its
 * event loop) and of all its threads (with SQLite's writer and checkpointer threads and V8's GC helpers; the
 * load generator's own thread is left out).
 *
 * Each conversation alternates a citizen question and "menu" or "annulla". The questions are the blind
 * evaluation sets' messages, in the conversation's own seeded order, framed as citizens frame them
 * (`lib/citizen-messages.ts`), so that nearly every one is searched for the first time; the knowledge base's
 * memo hit rate, read from `/metrics` around each of the bot path's rounds, is printed beside the figures. The
 * bare handler is sent the same bodies, so the ratio compares like with like.
 *
 * Env: BENCH_SECONDS (default 10, per path), BENCH_ROUND_SECONDS (default 2), BENCH_CONCURRENCY (default 50),
 * BENCH_DATABASE_URL (default: SQLite in a temp dir; e.g. `memory:` or a `postgres://` URL to compare backends),
 * BENCH_FRAMING (default `on`; `off` sends the messages exactly as written, so conversations repeat each other
 * and the memo answers most questions).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import restify from 'restify';
import { blindSetMessages, CitizenQuestions, describeLengths } from './lib/citizen-messages';
import { formatMemo, type MemoCounters, memoDelta, readMemoCounters } from './lib/memo-counters';

// The server as `npm start` runs it: the JavaScript `npm run build` compiled into dist/ (`npm run bench` builds
// first), not the TypeScript sources through tsx, whose loader hooks slow the message path (docs/performance.md).
const { createApp } = require('../dist/app') as typeof import('../src/app');
const { loadConfig } = require('../dist/config') as typeof import('../src/config');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 2);
const FRAMED = (process.env.BENCH_FRAMING ?? 'on') !== 'off';
/** Seed of the first conversation's order and frames (conversation i uses SEED + i): every run sends the same. */
const SEED = 25;
/** Passes over the question pool each conversation's script holds (the load worker starts it again after). */
const PASSES = 2;
/** Rest between rounds, longer than the SQLite checkpointer's interval (1 s). */
const REST_MS = 1200;
const WARMUP_MS = 1000;

interface Result {
  label: string;
  messages: number;
  errors: number;
  /** Failed requests by HTTP status (0: the connection closed without an answer). */
  failures: Record<string, number>;
  /** Time the path was measured, in seconds (the sum of its rounds). */
  seconds: number;
  p50: number;
  p99: number;
  /** Requests slower than 20 ms and than 40 ms: bursts of stalls show here before they move the p99. */
  over20: number;
  over40: number;
  /** The server's main-thread CPU time per message, in microseconds. */
  cpuPerMessage: number;
  /** CPU time per message of every server thread (main, SQLite writer and checkpointer, GC helpers), in µs. */
  serverCpuPerMessage: number;
  /** CPU time per message of the load generator's thread, in µs (taken from the same two cores). */
  clientCpuPerMessage: number;
  /** Messages per second of each round, in the order measured. */
  roundRates: number[];
  /** The knowledge base's memo lookups and hits during the measured rounds (paths with a knowledge base). */
  memo?: MemoCounters;
}

interface Target {
  url: string;
  headers: Record<string, string>;
}

/** A path under test: its label and one target per concurrent conversation. */
interface Path {
  label: string;
  targets: Target[];
  /** Reads the knowledge base's memo counters (from the server's `/metrics`), when the path has one. */
  memo?: () => Promise<MemoCounters>;
}

/**
 * The load generator, run in a worker thread so the client's own work does not share the server's event loop
 * (as with real clients, which run elsewhere). In each round one loop per target of the round's path posts a
 * message, awaits the answer, repeats; at the round's end the loops stop and the last answers come in before
 * the next round starts. Before and after each round it asks the main thread to read its CPU counters.
 */
const LOAD_WORKER = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { paths, scripts, schedule, roundMs, warmupMs } = workerData;
// This thread's own CPU time in ms (Linux), so the server's share of the process can be told apart.
function ownCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { return NaN; }
}
// One keep-alive HTTP/1.1 connection per conversation, written to and read with a minimal parser (status line,
// Content-Length, body): ~25 µs of this thread's CPU per message where Node's http client took ~55, and on two
// cores whatever the load generator uses is taken from the server's threads.
class Connection {
  constructor(target) {
    const url = new URL(target.url);
    this.port = Number(url.port);
    this.host = url.hostname;
    this.head = 'POST ' + url.pathname + ' HTTP/1.1\\r\\nHost: ' + url.host + '\\r\\nContent-Type: application/json\\r\\n' +
      Object.entries(target.headers).map(([k, v]) => k + ': ' + v + '\\r\\n').join('') + 'Content-Length: ';
    this.socket = undefined;
    this.received = null;
    this.answer = null;
  }
  connect() {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    // A connection the server closed (its keep-alive timeout, between rounds) is opened again at the next post.
    const closed = () => {
      if (this.socket === socket) this.socket = undefined;
      this.received = null;
      this.settle(0);
    };
    socket.on('error', closed);
    socket.on('close', closed);
    this.socket = socket;
  }
  onData(chunk) {
    this.received = this.received ? Buffer.concat([this.received, chunk]) : chunk;
    const headEnd = this.received.indexOf('\\r\\n\\r\\n');
    if (headEnd < 0) return;
    const head = this.received.toString('latin1', 0, headEnd);
    const length = /\\r\\ncontent-length: *(\\d+)/i.exec(head);
    if (!length) {
      this.socket.destroy(); // every answer of both paths has a Content-Length: anything else is an error
      return;
    }
    if (this.received.length < headEnd + 4 + Number(length[1])) return;
    this.received = null;
    this.settle(Number(head.slice(9, 12)));
  }
  settle(status) {
    const answer = this.answer;
    this.answer = null;
    if (answer) answer(status);
  }
  post(body) {
    return new Promise((resolve) => {
      if (!this.socket) this.connect();
      this.answer = resolve;
      this.socket.write(this.head + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    });
  }
}
const connections = new Map();
function post(target, body) {
  let connection = connections.get(target);
  if (!connection) connections.set(target, (connection = new Connection(target)));
  return connection.post(body);
}
// The main thread reads its counters, then answers: the round starts or the next one may.
function mark(message) {
  return new Promise((resolve) => { parentPort.once('message', resolve); parentPort.postMessage(message); });
}
// Conversation i of every path sends scripts[i] in order, so both paths get the same bodies.
const sent = paths.map((targets) => targets.map(() => 0));
async function run(path, ms, latencies, failures) {
  let errors = 0;
  const end = performance.now() + ms;
  await Promise.all(paths[path].map(async (target, i) => {
    const script = scripts[i % scripts.length];
    while (performance.now() < end) {
      const text = script[sent[path][i]++ % script.length];
      const body = JSON.stringify({ type: 'message', text, locale: 'it-IT', from: { id: 'u' + i } });
      const t0 = performance.now();
      const status = await post(target, body);
      if (status !== 200) {
        errors++;
        if (failures) failures[status] = (failures[status] ?? 0) + 1;
      }
      if (latencies) latencies.push(performance.now() - t0);
    }
  }));
  return errors;
}
(async () => {
  for (let p = 0; p < paths.length; p++) await run(p, warmupMs);
  const results = paths.map(() => ({ latencies: [], errors: 0, failures: {}, ms: 0, clientCpuMs: 0, roundRates: [] }));
  for (const path of schedule) {
    const r = results[path];
    await mark({ path, phase: 'start' });
    const cpu0 = ownCpuMs();
    const t0 = performance.now();
    const before = r.latencies.length;
    r.errors += await run(path, roundMs, r.latencies, r.failures);
    const ms = performance.now() - t0;
    r.ms += ms;
    r.roundRates.push(((r.latencies.length - before) * 1000) / ms);
    r.clientCpuMs += ownCpuMs() - cpu0;
    await mark({ path, phase: 'end' });
  }
  for (const connection of connections.values()) connection.socket?.destroy();
  parentPort.postMessage({ results });
})();
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * What the load worker reports per path: each request's latency (ms), failures, time and its own CPU (ms),
 * and the throughput of each of its rounds (messages per second), in order.
 */
interface LoadReport {
  latencies: number[];
  errors: number;
  /** Failed requests by HTTP status (0: the connection closed without an answer). */
  failures: Record<string, number>;
  ms: number;
  clientCpuMs: number;
  roundRates: number[];
}

/** The worker's messages: a round starts or ends (read the counters), or the run's results. */
type WorkerMessage = { path: number; phase: 'start' | 'end' } | { results: LoadReport[] };

/**
 * Measures the paths in alternating rounds (A B B A A B…), so both see the machine in the same state: its
 * speed drifts by a fifth or more within minutes here, and paths measured one after the other would compare
 * a fast minute with a slow one. Each path gets `seconds` in all, in rounds of `roundSeconds`, after a warm-up.
 */
async function load(
  paths: Path[],
  scripts: string[][],
  seconds = SECONDS,
  roundSeconds = ROUND_SECONDS,
): Promise<Result[]> {
  const rounds = Math.max(1, Math.round(seconds / roundSeconds));
  const schedule: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = paths.map((_, i) => i);
    schedule.push(...(r % 2 === 0 ? order : order.reverse()));
  }
  const worker = new Worker(LOAD_WORKER, {
    eval: true,
    workerData: {
      paths: paths.map((p) => p.targets),
      scripts,
      schedule,
      roundMs: roundSeconds * 1000,
      warmupMs: WARMUP_MS,
    },
  });
  const mainMs = paths.map(() => 0);
  const processMs = paths.map(() => 0);
  const memo = paths.map((): MemoCounters => ({ lookups: 0, hits: 0 }));
  let memoFrom: MemoCounters | undefined;
  let mainFrom = 0;
  let processFrom = process.cpuUsage();
  const reports = await new Promise<LoadReport[]>((resolve, reject) => {
    // The memo is read outside the CPU window of the round: before its counters start, after they stop.
    const onMark = async (m: { path: number; phase: 'start' | 'end' }) => {
      const readMemo = paths[m.path]?.memo;
      if (m.phase === 'start') {
        memoFrom = await readMemo?.();
        mainFrom = mainThreadCpuMs();
        processFrom = process.cpuUsage();
        worker.postMessage('go');
        return;
      }
      // The server rests before the next round, so what a path leaves running (SQLite's checkpoint copies
      // the log into the file about once a second) is done before the other path is measured; that work is
      // counted in this path's CPU figures.
      await new Promise((done) => setTimeout(done, REST_MS));
      mainMs[m.path] = (mainMs[m.path] ?? 0) + mainThreadCpuMs() - mainFrom;
      const used = process.cpuUsage(processFrom);
      processMs[m.path] = (processMs[m.path] ?? 0) + (used.user + used.system) / 1000;
      const memoTo = await readMemo?.();
      const total = memo[m.path];
      if (memoFrom && memoTo && total) {
        const delta = memoDelta(memoFrom, memoTo);
        total.lookups += delta.lookups;
        total.hits += delta.hits;
      }
      worker.postMessage('go');
    };
    worker.on('message', (m: WorkerMessage) => {
      if ('results' in m) resolve(m.results);
      else onMark(m).catch(reject);
    });
    worker.once('error', reject);
  });
  await worker.terminate();
  return paths.map((path, i) => {
    const { latencies, errors, failures, ms, clientCpuMs, roundRates } = reports[i] ?? {
      latencies: [],
      errors: 0,
      failures: {},
      ms: 0,
      clientCpuMs: 0,
      roundRates: [],
    };
    latencies.sort((a, b) => a - b);
    const messages = Math.max(1, latencies.length);
    return {
      label: path.label,
      messages: latencies.length,
      errors,
      failures,
      seconds: ms / 1000,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      over20: latencies.filter((t) => t > 20).length,
      over40: latencies.filter((t) => t > 40).length,
      cpuPerMessage: ((mainMs[i] ?? 0) * 1000) / messages,
      // The whole process minus the load generator's thread.
      serverCpuPerMessage: (((processMs[i] ?? 0) - clientCpuMs) * 1000) / messages,
      clientCpuPerMessage: (clientCpuMs * 1000) / messages,
      roundRates,
      ...(path.memo ? { memo: memo[i] } : {}),
    };
  });
}

/**
 * CPU time (user + system) of this process's main thread — the server's event loop — in ms, from Linux's
 * /proc (the load worker's thread is not counted). Unlike throughput, it barely moves when other programs
 * share the machine, so it shows what a change saves.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat; 11 and 12 after the command name), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Starts Sportello on a temporary SQLite file (or BENCH_DATABASE_URL) with one session per conversation. */
async function startBot(): Promise<{ path: Path; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-bench-'));
  const app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${dir}/db.sqlite`,
      LOG_LEVEL: 'silent',
      KB_WATCH: 'false',
      // The bench measures the message path, not the per-citizen throttle.
      RATE_LIMIT_BURST: '1000000',
      RATE_LIMIT_PER_MINUTE: '100000000',
      // Every conversation opens from this one address at once: the per-address throttle would refuse most.
      NEW_CONVERSATIONS_PER_ADDRESS: '100000000',
      NEW_CONVERSATIONS_GLOBAL: '100000000',
      // Many of the blind sets' questions are about other comuni, and after unanswered ones the handoff room
      // steps in, differently in and out of office hours: open at any hour, the bench does the same whenever
      // it runs (national holidays still close the office).
      OFFICE_HOURS: 'always',
    }),
  );
  const close = async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const base = await app.listen();
    const targets: Target[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const res = await fetch(`${base}/api/webchat/session`, { method: 'POST' });
      if (res.status !== 200)
        throw new Error(`opening conversation ${i + 1}: HTTP ${res.status} ${await res.text()}`);
      const s = (await res.json()) as { conversationId: string; token: string };
      targets.push({
        url: `${base}/v3/directline/conversations/${s.conversationId}/activities`,
        headers: { Authorization: `Bearer ${s.token}` },
      });
    }
    return {
      path: {
        label: `bot (Direct Line → engine, ${app.storage.kind})`,
        targets,
        memo: () => readMemoCounters(base),
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Starts the bare restify handler: body parsing and a JSON answer, nothing else. */
async function startBare(): Promise<{ path: Path; close: () => Promise<void> }> {
  const server = restify.createServer({ name: 'bare' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  let n = 0;
  server.post('/activities', async (_req: restify.Request, res: restify.Response) => {
    res.json({ id: `bare|${String(++n).padStart(7, '0')}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/activities`;
  return {
    path: {
      label: 'bare restify handler',
      targets: Array.from({ length: CONCURRENCY }, () => ({ url, headers: {} })),
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Each conversation's messages: a question from its own {@link CitizenQuestions}, then "menu" or "annulla" in
 * turn, for {@link PASSES} passes over the pool (the load worker starts the script again after its end). Some
 * questions start a service form (their words are a form's trigger phrase); "annulla" leaves it, as a citizen
 * who did not mean it would, where "menu" is an answer to the form.
 */
function conversationScripts(pool: readonly string[]): string[][] {
  return Array.from({ length: CONCURRENCY }, (_, i) => {
    const questions = new CitizenQuestions({ pool, seed: SEED + i, framed: FRAMED });
    return Array.from({ length: PASSES * pool.length }, (_, k) => [
      questions.ask(),
      k % 2 ? 'annulla' : 'menu',
    ]).flat();
  });
}

async function main(): Promise<void> {
  const pool = blindSetMessages();
  const scripts = conversationScripts(pool);
  const questions = scripts.flatMap((script) => script.filter((_, k) => k % 2 === 0));
  const firstPass = scripts.flatMap((script) =>
    script.slice(0, 2 * pool.length).filter((_, k) => k % 2 === 0),
  );
  console.log(
    `Direct Line bench: ${CONCURRENCY} concurrent conversations, ${SECONDS} s per path in alternating rounds of ${ROUND_SECONDS} s (after ${WARMUP_MS} ms warm-up each)\n` +
      `Messages: each conversation alternates a citizen question and "menu" or "annulla". Questions: the ${pool.length} messages of the Valdora and Montebruno\n` +
      `blind sets (in and out of scope, written for other comuni's knowledge bases; this one is the demo's), in each conversation's own\n` +
      `seeded order, ${FRAMED ? 'framed with a greeting or thanks as citizens write them' : 'exactly as written (BENCH_FRAMING=off)'}: ` +
      `${new Set(firstPass).size.toLocaleString('en-US')} distinct texts among the ${firstPass.length.toLocaleString('en-US')} of one pass of the ${CONCURRENCY} conversations;\n` +
      `lengths ${describeLengths(questions)}. The bare handler is sent the same bodies.\n`,
  );
  const bare = await startBare();
  const bot = await startBot().catch(async (err) => {
    await bare.close();
    throw err;
  });
  let results: Result[];
  try {
    // The process's first ~10,000 requests pay for Node's check of where restify's deprecated Buffer() call
    // comes from (a stack trace each time) and for JIT compilation: warm the process up on the bare handler
    // once, so neither path measured below carries it.
    await load([bare.path], scripts, 2, 2);
    results = await load([bot.path, bare.path], scripts);
  } finally {
    await bot.close();
    await bare.close();
  }
  const [botResult, bareResult] = results as [Result, Result];
  report(botResult, bareResult);
  if (botResult.memo) {
    const asked = botResult.messages / 2 / CONCURRENCY;
    console.log(
      `  knowledge-base memo over the bot path's measured rounds: hit rate ${formatMemo(botResult.memo)};` +
        ` each conversation asked ~${asked.toFixed(0)} questions there (${(asked / pool.length).toFixed(2)} passes over the pool)`,
    );
  }
}

/** Prints the two paths side by side and the verdict on both targets. */
function report(bot: Result, bare: Result): void {
  const rate = (r: Result) => r.messages / Math.max(1e-9, r.seconds);
  const row = (r: Result) =>
    `${r.label.padEnd(44)} ${rate(r).toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(9)} ${String(r.errors).padStart(7)} ${r.cpuPerMessage.toFixed(0).padStart(10)} ${r.serverCpuPerMessage.toFixed(0).padStart(12)}`;
  console.log(
    `${''.padEnd(44)} ${''.padStart(9)} ${''.padStart(9)} ${''.padStart(9)} ${''.padStart(7)} ${'main CPU'.padStart(10)} ${'server CPU'.padStart(12)}`,
  );
  console.log(
    `${'path'.padEnd(44)} ${'msgs/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'errors'.padStart(7)} ${'µs/msg'.padStart(10)} ${'µs/msg'.padStart(12)}`,
  );
  console.log(row(bot));
  console.log(row(bare));
  const ratio = rate(bot) / Math.max(1e-9, rate(bare));
  console.log(
    `\nbot/bare throughput: ${(ratio * 100).toFixed(1)}% (target ≥ 40%: ${ratio >= 0.4 ? 'met' : 'NOT met'})` +
      `\nbot p99: ${bot.p99.toFixed(2)} ms (target < 20 ms: ${bot.p99 < 20 ? 'met' : 'NOT met'})` +
      // Each conversation sends its next message as soon as the answer comes, so the mean latency is the
      // concurrency divided by the throughput (Little's law): the bare handler's p99 is this machine's floor.
      `\n  for scale: the bare handler's own p99 on this machine is ${bare.p99.toFixed(2)} ms; at ${CONCURRENCY} conversations` +
      ` the bot path's mean latency is ${CONCURRENCY} ÷ ${rate(bot).toFixed(0)} msgs/s = ${((CONCURRENCY / rate(bot)) * 1000).toFixed(1)} ms` +
      `\n  slow requests: bot path ${bot.over20} over 20 ms and ${bot.over40} over 40 ms of ${bot.messages};` +
      ` bare handler ${bare.over20} and ${bare.over40} of ${bare.messages}` +
      `\n  load generator (same process, same cores): ${bot.clientCpuPerMessage.toFixed(0)} µs of CPU per message on the bot path, ${bare.clientCpuPerMessage.toFixed(0)} on the bare handler` +
      roundSpread(bot, bare) +
      (bot.errors ? `\n  bot path failures by HTTP status: ${failuresByStatus(bot.failures)}` : ''),
  );
}

function failuresByStatus(failures: Record<string, number>): string {
  return Object.entries(failures)
    .map(([status, n]) => `${status === '0' ? 'closed' : status} × ${n}`)
    .join(', ');
}

/**
 * The ratio of each pair of adjacent rounds (round n of both paths, measured one after the other), and how
 * far the bare handler's own throughput moved from round to round: how much of a run-to-run difference is
 * the machine's.
 */
function roundSpread(bot: Result, bare: Result): string {
  const pairs = bot.roundRates.map((r, i) => r / (bare.roundRates[i] ?? Number.NaN)).filter(Number.isFinite);
  if (pairs.length < 2) return '';
  const sorted = [...pairs].sort((a, b) => a - b);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const bareRates = bare.roundRates.map((r) => r.toFixed(0));
  return (
    `\n  per pair of adjacent rounds: bot/bare ${pct(sorted[0] ?? 0)}–${pct(sorted.at(-1) ?? 0)} (median ${pct(percentile(sorted, 50))});` +
    ` the bare handler's own rounds ran at ${bareRates.join(', ')} msgs/s`
  );
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
