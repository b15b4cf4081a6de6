import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
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

/** The page's Content-Security-Policy: only this origin's scripts; Web Chat's styles carry the nonce. */
export function contentSecurityPolicy(nonce: string, frameAncestors: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    // Same-origin ws:/wss: is covered by 'self' (CSP level 3).
    "connect-src 'self'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
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
    privacyUrl: /^https?:\/\//i.test(options.privacyUrl) ? options.privacyUrl : '#',
  };

  server.get('/', async (_req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const html = pageHtml(settings, nonce);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, options.frameAncestors));
    if (options.frameAncestors?.length) res.removeHeader('X-Frame-Options');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
      'Cache-Control': 'no-store',
    });
    res.end(html);
  });

  server.get('/webchat/app.js', async (req: Request, res: Response) =>
    sendText(req, res, 'application/javascript; charset=utf-8', APP_JS, 300),
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
