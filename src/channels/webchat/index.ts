import { createHash } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { DOCUMENT_HEADERS } from '../../http/security-headers';
import { CONNECTION_JS } from './connection-script';
import { APP_CSS, APP_JS } from './page-assets';
import { type PageSettings, pageHtml } from './page-html';
import { loadWebChatBundle } from './webchat-bundle';

/** Options of {@link registerWebChatPage}. */
export interface WebChatPageOptions extends PageSettings {
  /**
   * Origins allowed to show the page in an iframe (e.g. `https://www.comune.esempio.it`). Default: none but
   * this server itself.
   */
  frameAncestors?: readonly string[];
}

/**
 * The page's Content-Security-Policy. Scripts: this origin only — no inline script, no `eval` (Web Chat does not
 * need `'unsafe-eval'`). Styles need `'unsafe-inline'`: Web Chat takes a nonce for its own styles, but the
 * react-scroll-to-bottom inside it injects a `<style>` without it, and a nonce in the policy would disable
 * `'unsafe-inline'`. Styles cannot run code, so the XSS protection stays with `script-src`.
 */
export function contentSecurityPolicy(frameAncestors: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // Same-origin ws:/wss: is covered by 'self' (CSP level 3). blob: because the Direct Line client reads a
    // picked file back from its local blob: URL before uploading it.
    "connect-src 'self' blob:",
    "img-src 'self' data: blob: https:",
    // Titillium Web from /look/fonts/; no data: fonts (Bootstrap Italia's only one is dropped, look-assets.ts).
    "font-src 'self'",
    "media-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
  ].join('; ');
}

function sendText(req: Request, res: Response, type: string, body: string, maxAge: number): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Serves the public web chat page at `/` and its assets under `/webchat/`: the official Web Chat bundle
 * from node_modules, the page script and stylesheet. The page talks to the Direct Line API of this server.
 */
export function registerWebChatPage(server: Server, options: WebChatPageOptions): void {
  const settings: PageSettings = {
    city: options.city,
    region: options.region,
    privacyUrl: options.privacyUrl,
    accessibilityUrl: options.accessibilityUrl,
    ...(options.operatorHours ? { operatorHours: options.operatorHours } : {}),
  };

  server.get('/', async (_req: Request, res: Response) => {
    const html = pageHtml(settings);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(options.frameAncestors));
    if (options.frameAncestors?.length) res.removeHeader('X-Frame-Options');
    res.writeHead(200, {
      ...DOCUMENT_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
      'Cache-Control': 'no-store',
    });
    res.end(html);
  });

  // Browsers ask for it on every visit; answer without a 404 in the console.
  server.get('/favicon.ico', async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.writeHead(204);
    res.end();
  });

  server.get('/webchat/app.js', async (req: Request, res: Response) =>
    sendText(req, res, 'application/javascript; charset=utf-8', APP_JS, 300),
  );
  server.get('/webchat/connection.js', async (req: Request, res: Response) =>
    sendText(req, res, 'application/javascript; charset=utf-8', CONNECTION_JS, 300),
  );
  server.get('/webchat/app.css', async (req: Request, res: Response) =>
    sendText(req, res, 'text/css; charset=utf-8', APP_CSS, 300),
  );

  server.get('/webchat/webchat.js', async (req: Request, res: Response) => {
    let bundle: Awaited<ReturnType<typeof loadWebChatBundle>>;
    try {
      bundle = await loadWebChatBundle();
    } catch {
      res.status(503);
      res.json({ error: { code: 'webchat_missing', message: 'The Web Chat bundle is not installed.' } });
      return;
    }
    res.setHeader('ETag', bundle.etag);
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === bundle.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? bundle.gzipped : bundle.plain;
    res.writeHead(200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
}
