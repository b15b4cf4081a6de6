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

  it('never reveals the server software', async () => {
    const headers = await headersOf('/healthz');
    expect(headers.get('x-powered-by')).toBeNull();
    expect(headers.get('server') ?? '').not.toMatch(/\d/);
  });
});
