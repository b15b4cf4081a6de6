import net from 'node:net';
import fc from 'fast-check';
import pino from 'pino';
import { type AppHarness, startApp } from '../http/app-harness';
import { concrete, registeredRoutes } from '../security/route-table';
import { badRequestProblem, inParallel, leakIn, NO_RATE_LIMIT } from './checks';
import { samples } from './hostile';

jest.setTimeout(180_000);

/** One request as raw bytes, for what fetch refuses to send: wrong lengths, both framings, odd encodings. */
interface RawCase {
  name: string;
  headers: string[];
  body: string | Buffer;
  /** The client stops sending before the body is complete (then no answer is fine). */
  incomplete?: boolean;
}

/** What came back: the status of each answer on the connection, and the first answer's body. */
interface RawAnswer {
  statuses: number[];
  body: string;
}

/** Sends raw bytes, half-closes when `incomplete`, and reads everything until the server closes. */
function sendRaw(port: number, bytes: Buffer, incomplete: boolean): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('no answer within 10 s')), 10_000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (err) => {
      clearTimeout(timer);
      // A reset after the answer (the server closed with bytes still unread) still counts as answered.
      if (chunks.length && (err as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(parse(chunks));
      else if (incomplete && (err as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(parse(chunks));
      else reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(chunks));
    });
    socket.write(bytes, () => {
      if (incomplete) socket.end();
    });
  });
}

function parse(chunks: Buffer[]): RawAnswer {
  const text = Buffer.concat(chunks).toString('latin1');
  // An interim "100 Continue" is not an answer: skip it.
  const final = text.replace(/^HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n/, '');
  const statuses = [...final.matchAll(/(?:^|\r\n)HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  const head = final.indexOf('\r\n\r\n');
  let body = head >= 0 ? final.slice(head + 4) : '';
  const headers = head >= 0 ? final.slice(0, head).toLowerCase() : '';
  const length = /\r\ncontent-length: (\d+)/.exec(headers)?.[1];
  if (length !== undefined) body = body.slice(0, Number(length));
  else if (headers.includes('transfer-encoding: chunked')) body = dechunk(body);
  return { statuses, body: Buffer.from(body, 'latin1').toString('utf8') };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

const JSON_BODY = '{"type":"message","text":"ciao","username":"giulia","password":"password-giulia"}';

/** Every hostile framing of one request. */
function cases(): RawCase[] {
  const json = (extra: string[], body: string | Buffer = JSON_BODY): RawCase => ({
    name: extra.join(' | '),
    headers: ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...extra],
    body,
  });
  const typed = (type: string, body = JSON_BODY): RawCase => ({
    name: `Content-Type: ${type}`,
    headers: [`Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body)}`],
    body,
  });
  const list: RawCase[] = [
    // Content-Encoding: claimed but not true, true (a real gzip body), unknown, stacked, empty.
    ...[
      'gzip',
      'deflate',
      'br',
      'x-gzip',
      'compress',
      'gzip, gzip',
      'identity, gzip',
      'GZIP',
      ' gzip ',
      '*',
    ].map((e) => json([`Content-Encoding: ${e}`], 'x')),
    json(['Content-Encoding: identity']),
    json(['Content-Encoding: ']),
    json([`Content-Encoding: ${'gzip,'.repeat(2000)}gzip`]),
    json(['Content-Encoding: gzip'], Buffer.from('1f8b0800000000000003abae0500a2ec10c302000000', 'hex')),
    // Content-Type: absent, odd, lying, huge.
    { name: 'no Content-Type', headers: [`Content-Length: ${JSON_BODY.length}`], body: JSON_BODY },
    ...[
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json;;;;',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'text/html; charset=utf-8',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/mixed; boundary=x',
      'application/octet-stream',
      'application/xml',
      '*/*',
      '',
      'application/json\u0000',
      `application/${'x'.repeat(8000)}`,
    ].map((t) => typed(t)),
    typed('application/json', '{"a":'.repeat(5000)),
    typed('application/json', '\u00ff\u00fe{}'),
    // Content-Length against the body: longer (the client then stops), shorter, absurd, doubled, negative.
    {
      name: 'Content-Length longer than the body',
      headers: ['Content-Type: application/json', `Content-Length: ${JSON_BODY.length + 50}`],
      body: JSON_BODY,
      incomplete: true,
    },
    {
      name: 'Content-Length shorter than the body',
      headers: ['Content-Type: application/json', 'Content-Length: 5'],
      body: JSON_BODY,
    },
    ...['-1', 'abc', '1e3', '0x10', '99999999999999999999', '', ' 5', '5, 5'].map((cl) => ({
      name: `Content-Length: ${cl}`,
      headers: ['Content-Type: application/json', `Content-Length: ${cl}`],
      body: JSON_BODY,
      incomplete: true,
    })),
    {
      name: 'two different Content-Lengths',
      headers: ['Content-Type: application/json', 'Content-Length: 2', `Content-Length: ${JSON_BODY.length}`],
      body: JSON_BODY,
    },
    {
      name: 'Content-Length 10 MB, 300 KB sent',
      headers: ['Content-Type: application/json', `Content-Length: ${10 * 1024 * 1024}`],
      body: `{"text":"${'x'.repeat(300 * 1024)}`,
      incomplete: true,
    },
    // Transfer-Encoding: chunked right and wrong, with a Content-Length too (request smuggling), unknown.
    {
      name: 'chunked',
      headers: ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
      body: `${JSON_BODY.length.toString(16)}\r\n${JSON_BODY}\r\n0\r\n\r\n`,
    },
    {
      name: 'chunked past the body limit',
      headers: ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
      body: `${Array.from({ length: 40 }, () => `2000\r\n${'y'.repeat(0x2000)}\r\n`).join('')}0\r\n\r\n`,
    },
    {
      name: 'chunked with a bad chunk size',
      headers: ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
      body: `zz\r\n${JSON_BODY}\r\n0\r\n\r\n`,
    },
    {
      name: 'chunked with Content-Length',
      headers: ['Content-Type: application/json', 'Transfer-Encoding: chunked', 'Content-Length: 4'],
      body: `${JSON_BODY.length.toString(16)}\r\n${JSON_BODY}\r\n0\r\n\r\n`,
    },
    ...['gzip, chunked', 'chunked, chunked', 'identity', 'gzip', 'xchunked', ' chunked'].map((te) => ({
      name: `Transfer-Encoding: ${te}`,
      headers: ['Content-Type: application/json', `Transfer-Encoding: ${te}`],
      body: `${JSON_BODY.length.toString(16)}\r\n${JSON_BODY}\r\n0\r\n\r\n`,
    })),
    // Huge header values: under Node's 16 KB total, and over it.
    json([`Authorization: Bearer ${'a'.repeat(12_000)}`]),
    json([`Cookie: sportello_console=${'c'.repeat(12_000)}`]),
    json([`X-Telegram-Bot-Api-Secret-Token: ${'s'.repeat(12_000)}`]),
    json([`X-Hub-Signature-256: sha256=${'0'.repeat(12_000)}`]),
    json([`X-CSRF-Token: ${'t'.repeat(12_000)}`]),
    json([`X-Forwarded-For: ${'1.2.3.4, '.repeat(1300)}5.6.7.8`]),
    json([`Origin: http://${'o'.repeat(12_000)}`]),
    json([`X-Huge: ${'h'.repeat(40_000)}`]),
    json(Array.from({ length: 3000 }, (_v, i) => `X-Many-${i}: ${i}`)),
    json(['Expect: 100-continue']),
    json(['Expect: 200-ok']),
  ];
  // Header values of every printable kind, on the headers the routes read.
  const value = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 300,
  });
  for (const [i, v] of samples(value, 40, 70).entries()) {
    const header = ['Authorization', 'Content-Type', 'Content-Encoding', 'X-Hub-Signature-256', 'Cookie'][
      i % 5
    ];
    list.push({
      name: `${header}: ${JSON.stringify(v.slice(0, 40))}`,
      headers: [
        ...(header === 'Content-Type' ? [] : ['Content-Type: application/json']),
        `${header}: ${v}`,
        `Content-Length: ${JSON_BODY.length}`,
      ],
      body: JSON_BODY,
    });
  }
  return list;
}

describe('header fuzz on every body route', () => {
  let h: AppHarness;
  const errors: string[] = [];
  beforeAll(async () => {
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
    h = await startApp(
      { ...NO_RATE_LIMIT, LOGIN_RATE_PER_ADDRESS: '1000000', LOGIN_RATE_GLOBAL: '1000000' },
      { logger },
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers every hostile framing with a JSON 4xx (or 2xx when it is fine), never a 5xx, and stays up', async () => {
    const port = Number(new URL(h.url).port);
    const routes = registeredRoutes(h.app.server).filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    expect(routes.length).toBeGreaterThan(10);
    const all = cases();
    const problems: string[] = [];
    let answered = 0;
    const requests = routes.flatMap((route) => all.map((c) => ({ route, c })));
    // Refusals of what no client sends are answered a second late (a tarpit): many connections at once.
    await inParallel(requests, 32, async ({ route, c }) => {
      const path = concrete(route.path);
      const head = [`${route.method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...c.headers];
      const bytes = Buffer.concat([
        Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'),
        Buffer.from(c.body),
      ]);
      const where = `${route.method} ${route.path} [${c.name.slice(0, 80)}]`;
      let answer: RawAnswer;
      try {
        answer = await sendRaw(port, bytes, c.incomplete ?? false);
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
        return;
      }
      if (answer.statuses.length === 0) {
        if (!c.incomplete) problems.push(`${where}: no answer`);
        return;
      }
      answered++;
      const [first, ...rest] = answer.statuses as [number, ...number[]];
      if (first >= 500) problems.push(`${where}: ${first} ${answer.body.slice(0, 100)}`);
      else if (first >= 400) {
        const problem = badRequestProblem(first, answer.body);
        if (problem) problems.push(`${where}: ${problem}`);
      } else {
        const leak = leakIn(answer.body);
        if (leak) problems.push(`${where}: leak ${leak}`);
      }
      // Bytes after a short Content-Length are read as another request: refused, never run.
      for (const s of rest) if (s < 400 || s >= 500) problems.push(`${where}: then ${s}`);
    });
    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThan(routes.length * (all.length - 15));
    expect(errors).toEqual([]);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});
