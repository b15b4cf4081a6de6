/**
 * The abuse side of `npm run bench:abuse`, run on a worker thread so its flood never delays the bench's own
 * event loop (which times the citizens). Told `{ kind, url, seconds }`, it floods the server for that long and
 * answers `{ kind, requests, statuses }`.
 */
import http from 'node:http';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { createGzip } from 'node:zlib';

/** What the bench asks for. */
export type AbuseKind = 'gzip-bomb' | 'logins' | 'conversations';

/** A job for this thread: flood for `seconds`, or (conversations) until `count` attempts are answered. */
export interface AbuseJob {
  kind: AbuseKind;
  url: string;
  seconds: number;
  count?: number;
}

/** What one flood did. */
export interface AbuseReport {
  kind: AbuseKind;
  /** Abusive requests sent: bombs, logins, new conversations asked for. */
  attempts: number;
  /** Their answers by HTTP status (`0`: the connection failed). */
  statuses: Record<string, number>;
  /** Conversations the flood really got created (web chat token, then the conversation stored). */
  created: number;
}

/** Gzip bombs in flight at once. */
const BOMBS = 8;
/** Concurrent logins, each from an address of its own. */
const LOGINS = 80;
/** Conversation openers at once (each waits for its answer), spread over this many addresses. */
const OPENERS = 500;
const OPENER_ADDRESSES = 250;

interface Answer {
  status: number;
  body: string;
}

function request(
  agent: http.Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | string,
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method, agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body);
  });
}

/** A gzip body of a 200 MB JSON text (one long string), made a megabyte at a time: about 200 KB. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const megabyte = Buffer.alloc(1024 * 1024, 'a');
  gzip.write('{"text":"');
  for (let i = 0; i < 200; i++) gzip.write(megabyte);
  gzip.end('"}');
  await ended;
  return Buffer.concat(out);
}

const agentFrom = (localAddress: string, maxSockets = 2) =>
  new http.Agent({ keepAlive: true, maxSockets, localAddress } as http.AgentOptions);

async function flood(job: AbuseJob): Promise<AbuseReport> {
  const report: AbuseReport = { kind: job.kind, attempts: 0, statuses: {}, created: 0 };
  const tally = (status: number) => {
    report.attempts++;
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  };
  const end = performance.now() + job.seconds * 1000;
  const agents: http.Agent[] = [];
  const loop = async (step: () => Promise<void>) => {
    while (performance.now() < end) await step();
  };

  if (job.kind === 'gzip-bomb') {
    const bomb = await gzipBomb();
    const targets = ['/api/webchat/session', '/api/console/login', '/v3/directline/conversations'];
    await Promise.all(
      Array.from({ length: BOMBS }, (_v, i) => {
        const agent = agentFrom(`127.0.3.${i + 1}`);
        agents.push(agent);
        return loop(async () => {
          const path = targets[report.attempts % targets.length] ?? '/api/webchat/session';
          const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
          tally((await request(agent, `${job.url}${path}`, 'POST', headers, bomb)).status);
        });
      }),
    );
  } else if (job.kind === 'logins') {
    await Promise.all(
      Array.from({ length: LOGINS }, (_v, i) => {
        const agent = agentFrom(`127.0.4.${i + 2}`);
        agents.push(agent);
        return loop(async () => {
          const body = JSON.stringify({
            username: `guess${Math.random()}`.slice(0, 30),
            password: 'password-guess',
          });
          const headers = { 'content-type': 'application/json' };
          tally((await request(agent, `${job.url}/api/console/login`, 'POST', headers, body)).status);
        });
      }),
    );
  } else {
    const byAddress = Array.from({ length: OPENER_ADDRESSES }, (_v, i) =>
      agentFrom(`127.0.${5 + Math.floor(i / 250)}.${(i % 250) + 2}`),
    );
    agents.push(...byAddress);
    let next = 0;
    const count = job.count ?? Number.POSITIVE_INFINITY;
    await Promise.all(
      Array.from({ length: OPENERS }, async () => {
        while (next < count) {
          const agent = byAddress[next++ % byAddress.length] as http.Agent;
          const json = { 'content-type': 'application/json' };
          // As Web Chat starts: a token from the page's session endpoint, then the conversation itself.
          const session = await request(agent, `${job.url}/api/webchat/session`, 'POST', json, '');
          tally(session.status);
          if (session.status !== 200) continue;
          const { token } = JSON.parse(session.body) as { token: string };
          const headers = { ...json, authorization: `Bearer ${token}` };
          const opened = await request(agent, `${job.url}/v3/directline/conversations`, 'POST', headers, '');
          if (opened.status === 201) report.created++;
        }
      }),
    );
  }
  for (const agent of agents) agent.destroy();
  return report;
}

// The attacker's own work does not come out of a real server's CPU: here, on the server's machine, it runs at
// the lowest priority (this thread only), so it takes what the server and the citizens leave.
try {
  os.setPriority(19);
} catch {
  // Not allowed: the flood then competes with the server on equal terms.
}

const port = parentPort;
if (port)
  port.on('message', (job: AbuseJob) => {
    flood(job).then(
      (report) => port.postMessage(report),
      (err: Error) =>
        port.postMessage({ kind: job.kind, attempts: 0, statuses: { [err.message]: 1 }, created: 0 }),
    );
  });
