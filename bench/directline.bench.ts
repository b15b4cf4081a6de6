/**
 * `npm run bench`: messages per second and p50/p99 latency of a citizen message through the Direct Line HTTP
 * API (POST …/activities → engine → replies stored, SQLite), next to a bare restify handler measured in the
 * same run. Targets: bot path ≥ 40% of the bare handler's throughput, p99 < 20 ms at 50 concurrent
 * conversations. Prints figures only; never fails. Next to throughput and latency it prints the CPU time per
 * message of the server's main thread (its event loop) and of all its threads (with SQLite's writer and
 * checkpointer threads and V8's GC helpers; the load generator's own thread is left out).
 *
 * Env: BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 50), BENCH_DATABASE_URL (default: SQLite in a
 * temp dir; e.g. `memory:` or a `postgres://` URL to compare backends).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import restify from 'restify';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const WARMUP_MS = 1000;

interface Result {
  label: string;
  messages: number;
  errors: number;
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
}

interface Target {
  url: string;
  headers: Record<string, string>;
}

/**
 * The load generator, run in a worker thread so the client's own work does not share the server's event loop
 * (as with real clients, which run elsewhere). One loop per target posts a message, awaits the answer, repeats.
 */
const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { targets, seconds, warmupMs } = workerData;
// This thread's own CPU time in ms (Linux), so the server's share of the process can be told apart.
function ownCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { return NaN; }
}
const agent = new http.Agent({ keepAlive: true, maxSockets: targets.length });
function post(target, body) {
  return new Promise((resolve) => {
    const req = http.request(target.url, { method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...target.headers } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
(async () => {
  const latencies = [];
  let errors = 0;
  const measureFrom = performance.now() + warmupMs;
  const end = measureFrom + seconds * 1000;
  let cpuFrom = NaN;
  setTimeout(() => { cpuFrom = ownCpuMs(); parentPort.postMessage({ measuring: true }); }, warmupMs);
  await Promise.all(targets.map(async (target, i) => {
    for (let n = 0; performance.now() < end; n++) {
      const body = JSON.stringify({ type: 'message', text: n % 2 ? 'orari anagrafe' : 'menu', locale: 'it-IT', from: { id: 'u' + i } });
      const t0 = performance.now();
      const status = await post(target, body);
      const t1 = performance.now();
      if (t0 < measureFrom) continue;
      if (status !== 200) errors++;
      latencies.push(t1 - t0);
    }
  }));
  const clientCpuMs = ownCpuMs() - cpuFrom;
  agent.destroy();
  parentPort.postMessage({ latencies, errors, clientCpuMs });
})();
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** What the load worker reports: each request's latency (ms), failures, and its own CPU time (ms). */
interface LoadReport {
  latencies: number[];
  errors: number;
  clientCpuMs: number;
}

/** Runs the load worker against the targets and summarises what it measured. */
async function load(label: string, targets: Target[], seconds = SECONDS): Promise<Result> {
  const worker = new Worker(LOAD_WORKER, {
    eval: true,
    workerData: { targets, seconds, warmupMs: WARMUP_MS },
  });
  let cpuFrom = 0;
  let cpuTo = 0;
  let processFrom = process.cpuUsage();
  let processMs = 0;
  const { latencies, errors, clientCpuMs } = await new Promise<LoadReport>((resolve, reject) => {
    worker.on('message', (m: { measuring: true } | LoadReport) => {
      if ('measuring' in m) {
        cpuFrom = mainThreadCpuMs();
        processFrom = process.cpuUsage();
        return;
      }
      cpuTo = mainThreadCpuMs();
      const used = process.cpuUsage(processFrom);
      processMs = (used.user + used.system) / 1000;
      resolve(m);
    });
    worker.once('error', reject);
  });
  await worker.terminate();
  latencies.sort((a, b) => a - b);
  return {
    label,
    messages: latencies.length,
    errors,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    over20: latencies.filter((ms) => ms > 20).length,
    over40: latencies.filter((ms) => ms > 40).length,
    cpuPerMessage: ((cpuTo - cpuFrom) * 1000) / Math.max(1, latencies.length),
    // The whole process minus the load generator's thread.
    serverCpuPerMessage: ((processMs - clientCpuMs) * 1000) / Math.max(1, latencies.length),
  };
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

async function benchBot(): Promise<Result> {
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
    }),
  );
  try {
    const base = await app.listen();
    const targets: Target[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const res = await fetch(`${base}/api/webchat/session`, { method: 'POST' });
      const s = (await res.json()) as { conversationId: string; token: string };
      targets.push({
        url: `${base}/v3/directline/conversations/${s.conversationId}/activities`,
        headers: { Authorization: `Bearer ${s.token}` },
      });
    }
    return await load(`bot (Direct Line → engine, ${app.storage.kind})`, targets);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchBare(seconds = SECONDS): Promise<Result> {
  const server = restify.createServer({ name: 'bare' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  let n = 0;
  server.post('/activities', async (_req: restify.Request, res: restify.Response) => {
    res.json({ id: `bare|${String(++n).padStart(7, '0')}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/activities`;
    return await load(
      'bare restify handler',
      Array.from({ length: CONCURRENCY }, () => ({ url, headers: {} })),
      seconds,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function main(): Promise<void> {
  console.log(
    `Direct Line bench: ${CONCURRENCY} concurrent conversations, ${SECONDS} s each (after ${WARMUP_MS} ms warm-up)\n`,
  );
  // The process's first ~10,000 requests pay for Node's check of where restify's deprecated Buffer() call
  // comes from (a stack trace each time) and for JIT compilation: warm the process up once, so neither path
  // measured below carries it.
  await benchBare(2);
  const bot = await benchBot();
  const bare = await benchBare();
  const row = (r: Result) =>
    `${r.label.padEnd(44)} ${(r.messages / r.seconds).toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(9)} ${String(r.errors).padStart(7)} ${r.cpuPerMessage.toFixed(0).padStart(10)} ${r.serverCpuPerMessage.toFixed(0).padStart(12)}`;
  console.log(
    `${''.padEnd(44)} ${''.padStart(9)} ${''.padStart(9)} ${''.padStart(9)} ${''.padStart(7)} ${'main CPU'.padStart(10)} ${'server CPU'.padStart(12)}`,
  );
  console.log(
    `${'path'.padEnd(44)} ${'msgs/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'errors'.padStart(7)} ${'µs/msg'.padStart(10)} ${'µs/msg'.padStart(12)}`,
  );
  console.log(row(bot));
  console.log(row(bare));
  const ratio = bot.messages / Math.max(1, bare.messages);
  console.log(
    `\nbot/bare throughput: ${(ratio * 100).toFixed(1)}% (target ≥ 40%: ${ratio >= 0.4 ? 'met' : 'NOT met'})` +
      `\nbot p99: ${bot.p99.toFixed(2)} ms (target < 20 ms: ${bot.p99 < 20 ? 'met' : 'NOT met'})` +
      // Each conversation sends its next message as soon as the answer comes, so the mean latency is the
      // concurrency divided by the throughput (Little's law): the bare handler's p99 is this machine's floor.
      `\n  for scale: the bare handler's own p99 on this machine is ${bare.p99.toFixed(2)} ms; at ${CONCURRENCY} conversations` +
      ` the bot path's mean latency is ${CONCURRENCY} ÷ ${(bot.messages / bot.seconds).toFixed(0)} msgs/s = ${((CONCURRENCY / (bot.messages / bot.seconds)) * 1000).toFixed(1)} ms` +
      `\n  slow requests: bot path ${bot.over20} over 20 ms and ${bot.over40} over 40 ms of ${bot.messages};` +
      ` bare handler ${bare.over20} and ${bare.over40} of ${bare.messages}`,
  );
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
