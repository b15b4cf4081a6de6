import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import type { Server } from 'restify';
import { registerWebChatPage } from '../../../src/channels/webchat';
import { createServer } from '../../../src/http/server';
import { cityPalette, registerLookAssets } from '../../../src/look';

describe('web chat page', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(pino({ level: 'silent' }));
    registerWebChatPage(server, {
      city: 'Comune di Prova <&>',
      privacyUrl: 'https://www.comune.prova.it/privacy',
      accessibilityUrl: 'https://form.agid.gov.it/view/prova',
      region: 'Regione di Prova',
    });
    registerLookAssets(server, cityPalette('#0066CC'));
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
    expect(html).toMatch(
      /<h1 class="it-brand-title"><span class="visually-hidden">Sportello digitale — <\/span>Comune di Prova &lt;&amp;&gt;<\/h1>/,
    );
    expect(html).toContain('<p class="slim-name">Regione di Prova</p>');
    expect(html).toContain('href="https://www.comune.prova.it/privacy"');
    expect(html).toMatch(
      /<a href="https:\/\/form\.agid\.gov\.it\/view\/prova"[^>]*>Dichiarazione di accessibilità<\/a>/,
    );
    expect(html).toContain('<link rel="stylesheet" href="/look/bootstrap-italia.min.css">');
    expect(html).toMatch(/<main id="webchat" aria-label="Chat con lo sportello digitale[^"]*"/);
    expect(html).toContain('<script src="/webchat/webchat.js"');
    expect(html).not.toMatch(/cdn\.botframework\.com|unpkg|jsdelivr/);
  });

  it('sends a strict CSP: scripts only from this origin, no eval, no inline script', async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("font-src 'self';");
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

  it('serves Bootstrap Italia, trimmed, and its Titillium Web fonts from this origin, cacheable with an ETag', async () => {
    const css = await fetch(`${base}/look/bootstrap-italia.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=86400');
    const text = await css.text();
    expect(text).toContain('.it-header-slim-wrapper');
    expect(text).toContain('--bs-font-sans-serif: "Titillium Web"');
    // Trimmed to the classes the pages use: a small part of the package's 600 kB, and no data: font.
    expect(text.length).toBeLessThan(100_000);
    expect(text).not.toContain('data:application/font');
    const etag = css.headers.get('etag') ?? '';
    expect(
      (await fetch(`${base}/look/bootstrap-italia.min.css`, { headers: { 'If-None-Match': etag } })).status,
    ).toBe(304);

    const theme = await (await fetch(`${base}/look/theme.css`)).text();
    const fonts = [...theme.matchAll(/url\("(\/look\/fonts\/[^"]+)"\)/g)].map((m) => m[1] ?? '');
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    for (const font of fonts) {
      const res = await fetch(`${base}${font}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/woff2');
      expect(Buffer.from(await res.arrayBuffer()).toString('latin1', 0, 4)).toBe('wOF2');
    }
    expect((await fetch(`${base}/look/fonts/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/look/fonts/nope.woff2`)).status).toBe(404);
  });

  it("puts the comune's colour into the theme as a custom property", async () => {
    const theme = await (await fetch(`${base}/look/theme.css`)).text();
    expect(theme).toContain('--city-color: #0066cc;');
    expect(theme).toContain('font-family: "Titillium Web"');
  });
});
