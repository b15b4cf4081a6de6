import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import type { Server } from 'restify';
import { registerWebChatPage } from '../../../src/channels/webchat';
import { createServer } from '../../../src/http/server';

describe('web chat page', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(pino({ level: 'silent' }));
    registerWebChatPage(server, {
      city: 'Comune di Prova <&>',
      privacyUrl: 'https://www.comune.prova.it/privacy',
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is an accessible Italian page with the city heading, privacy link and a labelled main region', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('<title>Sportello digitale — Comune di Prova &lt;&amp;&gt;</title>');
    expect(html).toContain('<h1>Sportello digitale — Comune di Prova &lt;&amp;&gt;</h1>');
    expect(html).toContain('href="https://www.comune.prova.it/privacy"');
    expect(html).toMatch(/<main id="webchat" aria-label="Chat con lo sportello digitale[^"]*"/);
    expect(html).toContain('<script src="/webchat/webchat.js"');
    expect(html).not.toMatch(/cdn\.botframework\.com|unpkg|jsdelivr/);
  });

  it('sends a strict CSP: scripts only from this origin, no eval, no inline script', async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(await res.text()).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it('serves the official Web Chat bundle from node_modules, gzipped and cacheable', async () => {
    const res = await fetch(`${base}/webchat/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const plain = Buffer.from(await res.arrayBuffer());
    expect(plain.length).toBeGreaterThan(1_000_000);
    expect(plain.toString('utf8', 0, 200_000)).toMatch(/WebChat|botframework/i);

    const etag = res.headers.get('etag') ?? '';
    const cached = await fetch(`${base}/webchat/webchat.js`, { headers: { 'If-None-Match': etag } });
    expect(cached.status).toBe(304);

    const gz = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${base}/webchat/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () =>
            resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
  });

  it('serves the page script and stylesheet', async () => {
    const js = await fetch(`${base}/webchat/app.js`);
    expect(js.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const source = await js.text();
    expect(source).toContain("'it-IT'");
    expect(source).toContain('/api/webchat/session');
    const css = await fetch(`${base}/webchat/app.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});
