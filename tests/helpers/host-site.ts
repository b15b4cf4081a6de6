import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comune's own website for widget tests: a few pages on an origin of its own, under a strict CSP. */
export interface HostSite {
  /** The site's origin as the browser sees it, e.g. `http://localhost:41234`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The CSP a comune's site would send to host the widget: scripts from itself and the Sportello origin, frames
 * from the Sportello origin only, styles from itself only (no `'unsafe-inline'`, no `'unsafe-eval'`).
 */
export function hostCsp(sportello: string): string {
  return `default-src 'self'; script-src 'self' ${sportello}; frame-src ${sportello}; style-src 'self'`;
}

/**
 * Serves `pages` (path to HTML, made at request time, so they may name a Sportello started later) under
 * {@link hostCsp}, on 127.0.0.1 and a free port, reached as `localhost`: another site than the Sportello at
 * 127.0.0.1, as a comune's site is.
 */
export async function startHostSite(
  pages: Record<string, () => string>,
  sportello: () => string,
): Promise<HostSite> {
  const server = http.createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const html = page();
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': hostCsp(sportello()),
      'Cache-Control': 'no-store',
    });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
