import { createGzip } from 'node:zlib';
import pino from 'pino';
import { concrete, registeredRoutes } from '../security/route-table';
import { type AppHarness, startApp } from './app-harness';
import { openConversation } from './directline-client';

/** A gzip body of a JSON text of `mb` megabytes (one long string), made a megabyte at a time. */
async function gzipBomb(mb: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const megabyte = Buffer.alloc(1024 * 1024, 'a');
  gzip.write('{"text":"');
  for (let i = 0; i < mb; i++) gzip.write(megabyte);
  gzip.end('"}');
  await ended;
  return Buffer.concat(out);
}

/** `depth` nested arrays around a string: JSON any parser reads, deeper than any client sends. */
const nested = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

describe('request bodies: encodings, sizes and nesting', () => {
  let h: AppHarness;
  const lines: Array<{ level: number; msg: string }> = [];
  let bodyRoutes: Array<{ method: string; path: string }>;
  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    h = await startApp({}, { logger });
    bodyRoutes = registeredRoutes(h.app.server)
      .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method))
      .map((r) => ({ method: r.method, path: concrete(r.path) }));
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = async (method: string, path: string, body: BodyInit, headers: Record<string, string>) => {
    const res = await fetch(`${h.url}${path}`, { method, headers, body });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const alive = async () => (await fetch(`${h.url}/healthz`)).status;

  it('refuses a body claiming gzip that is not gzip with 415 on every body route, and stays up', async () => {
    expect(bodyRoutes.length).toBeGreaterThan(10);
    // Each refusal is answered a second late (a tarpit): all routes at once.
    await Promise.all(
      bodyRoutes.map(async ({ method, path }) => {
        const res = await send(method, path, 'x', {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        });
        expect([method, path, res.status]).toEqual([method, path, 415]);
        expect(JSON.parse(res.text).error.code).toBe('unsupported_content_encoding');
        expect(res.headers.get('accept-encoding')).toBe('identity');
      }),
    );
    expect(await alive()).toBe(200);
  });

  it('refuses a gzip bomb (a small body inflating to 200 MB) without inflating it', async () => {
    const bomb = await gzipBomb(200);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = process.memoryUsage().rss;
    const res = await send('POST', '/api/webchat/session', new Uint8Array(bomb), {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(415);
    // The server runs in this process: had it inflated the body, RSS would have grown by ~200 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect(await alive()).toBe(200);
  });

  it.each(['deflate', 'br', 'compress', 'gzip, identity', 'x-gzip'])(
    'refuses Content-Encoding %s with 415',
    async (encoding) => {
      const res = await send('POST', '/api/webchat/session', '{}', {
        'Content-Type': 'application/json',
        'Content-Encoding': encoding,
      });
      expect(res.status).toBe(415);
    },
  );

  it('takes Content-Encoding: identity as no encoding', async () => {
    const res = await send('POST', '/api/webchat/session', '{}', {
      'Content-Type': 'application/json',
      'Content-Encoding': 'identity',
    });
    expect(res.status).toBe(200);
  });

  it('refuses multipart uploads on routes that take none with 415', async () => {
    const res = await send(
      'POST',
      '/api/webchat/session',
      '--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhi\r\n--b--\r\n',
      { 'Content-Type': 'multipart/form-data; boundary=b' },
    );
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text).error.code).toBe('unsupported_media_type');
  });

  it('answers 413 past the default limit and past a route’s own smaller limit', async () => {
    const citizen = await openConversation(h.url);
    const big = await citizen.postRaw(`{"type":"message","text":"${'x'.repeat(300 * 1024)}"}`);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text).error.code).toBe('payload_too_large');
    // The login takes a user name and a password: a few KB are already suspicious.
    const login = await send('POST', '/api/console/login', JSON.stringify({ username: 'x'.repeat(20_000) }), {
      'Content-Type': 'application/json',
    });
    expect(login.status).toBe(413);
    expect((await citizen.say('ciao')).length).toBeGreaterThan(0);
  });

  it('answers JSON nested 10,000 levels deep with 400 and one warn line, no error', async () => {
    const citizen = await openConversation(h.url);
    lines.length = 0;
    const res = await citizen.postRaw(`{"type":"message","text":"ciao","value":${nested(10_000)}}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.code).toBe('too_deep');
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
    // Nesting a client really sends is fine.
    const ok = await citizen.postRaw({ type: 'message', text: 'ciao', value: JSON.parse(nested(20)) });
    expect(ok.status).toBe(200);
  });
});
