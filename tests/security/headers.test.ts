import http from 'node:http';
import { type AppHarness, startApp } from '../http/app-harness';

describe('security headers', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const headersOf = async (pathname: string) => (await fetch(`${h.url}${pathname}`)).headers;

  it.each(['/', '/console'])(
    'serves %s with a strict Content-Security-Policy and anti-framing headers',
    async (p) => {
      const headers = await headersOf(p);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(csp).toMatch(/frame-ancestors/);
      expect(csp).toContain("base-uri 'none'");
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('same-origin');
      expect(headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(headers.get('permissions-policy')).toContain('camera=()');
      expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    },
  );

  it('gives JSON answers and errors a policy that forbids rendering them as a page', async () => {
    for (const p of ['/healthz', '/api/console/queue', '/no/such/route']) {
      const headers = await headersOf(p);
      expect([p, headers.get('content-security-policy')]).toEqual([
        p,
        expect.stringContaining("default-src 'none'"),
      ]);
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('sets them also on answers to requests sent with "Expect: 100-continue" (curl does for larger bodies)', async () => {
    // Node hands such requests to the server as `checkContinue`, not `request`: the headers must not depend
    // on which of the two it was.
    const body = JSON.stringify({ note: 'x'.repeat(2000) });
    const answer = await new Promise<{
      status: number;
      headers: http.IncomingHttpHeaders;
      continued: boolean;
    }>((resolve, reject) => {
      let continued = false;
      const req = http.request(`${h.url}/api/webchat/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Expect: '100-continue' },
      });
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, continued }));
      });
      req.on('error', reject);
    });
    expect(answer.continued).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('never reveals the server software', async () => {
    const headers = await headersOf('/healthz');
    expect(headers.get('x-powered-by')).toBeNull();
    expect(headers.get('server') ?? '').not.toMatch(/\d/);
  });
});
