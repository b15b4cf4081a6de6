import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Server } from 'restify';
import { registerWebChatPage } from '../../../src/channels/webchat';
import { ConfigError, loadConfig } from '../../../src/config';
import { createServer } from '../../../src/http/server';

const COMUNE = 'https://www.comune.prova.it';

describe('the widget’s routes', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(pino({ level: 'silent' }));
    registerWebChatPage(server, {
      city: 'Comune di Prova',
      privacyUrl: 'https://www.comune.prova.it/privacy',
      accessibilityUrl: 'https://form.agid.gov.it/view/prova',
      frameAncestors: [COMUNE],
      cityColor: '#00643c',
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves /widget.js to any site, as a cacheable script with an ETag', async () => {
    const res = await fetch(`${base}/widget.js`, { headers: { Origin: 'https://elsewhere.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const source = await res.text();
    expect(source).toContain('/widget?host=');
    // The launcher wears the comune's colour.
    expect(source).toContain('var COLOR = "#00643c";');
    // No stylesheet and no style attribute: a host CSP without 'unsafe-inline' would refuse them.
    expect(source).not.toMatch(/createElement\('style'\)|setAttribute\('style'|cssText|innerHTML/);
    const again = await fetch(`${base}/widget.js`, {
      headers: { 'If-None-Match': res.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('lets only the allowed sites frame /widget, and talks only to an allowed host', async () => {
    const allowed = await fetch(`${base}/widget?host=${encodeURIComponent(COMUNE)}&lang=en`);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${COMUNE}`);
    expect(allowed.headers.get('x-frame-options')).toBeNull();
    const html = await allowed.text();
    expect(html).toContain(`<html lang="en" data-embed data-host="${COMUNE}">`);
    expect(html).toContain('<script src="/webchat/embed.js"></script>');
    // No header in the panel: its heading is for screen readers only, in the host page's language.
    expect(html).not.toContain('it-header-wrapper');
    expect(html).toContain('<h1 class="visually-hidden">Digital front desk — Comune di Prova</h1>');
    expect(html).toContain('aria-label="Chat with the digital front desk of Comune di Prova"');
    expect(html).toContain('<title>Digital front desk — Comune di Prova</title>');

    const stranger = await fetch(`${base}/widget?host=${encodeURIComponent('https://evil.example')}`);
    expect(stranger.headers.get('content-security-policy')).not.toContain('evil.example');
    const strangerHtml = await stranger.text();
    expect(strangerHtml).not.toContain('data-host');
    expect(strangerHtml).toContain('<html lang="it" data-embed>');
  });

  it('gives the full page the same frame-ancestors, and keeps its heading', async () => {
    const res = await fetch(`${base}/`);
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${COMUNE}`);
    const html = await res.text();
    expect(html).toMatch(/<h1[ >]/);
    expect(html).not.toContain('embed.js');
  });

  it('serves the panel’s script', async () => {
    const res = await fetch(`${base}/webchat/embed.js`);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(await res.text()).toContain('sportello:ready');
  });
});

describe('WIDGET_ALLOWED_ORIGINS', () => {
  it('reads https origins (http on localhost), separated by commas or spaces, as browsers write them', () => {
    const config = loadConfig({
      WIDGET_ALLOWED_ORIGINS:
        'https://www.Comune.prova.it/, https://servizi.comune.prova.it http://localhost:8080',
    });
    expect(config.WIDGET_ALLOWED_ORIGINS).toEqual([
      'https://www.comune.prova.it',
      'https://servizi.comune.prova.it',
      'http://localhost:8080',
    ]);
    expect(loadConfig({}).WIDGET_ALLOWED_ORIGINS).toEqual([]);
  });

  it.each(['http://www.comune.prova.it', 'https://www.comune.prova.it/servizi', '*', 'www.comune.prova.it'])(
    'refuses %p with a one-line error naming the variable',
    (value) => {
      expect(() => loadConfig({ WIDGET_ALLOWED_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ WIDGET_ALLOWED_ORIGINS: value })).toThrow(/WIDGET_ALLOWED_ORIGINS/);
    },
  );
});
