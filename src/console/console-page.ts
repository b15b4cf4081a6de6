import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { DOCUMENT_HEADERS } from '../http/security-headers';
import { type ChromeSettings, escapeHtml, footerHtml, slimHeaderHtml } from '../look';

/** Where the console's static files are: next to this file in src/, and copied next to it by `npm run build`. */
const PUBLIC_DIR = path.join(__dirname, 'public');

const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'editor.html': 'text/html; charset=utf-8',
  'editor.js': 'text/javascript; charset=utf-8',
  'analytics.html': 'text/html; charset=utf-8',
  'analytics.js': 'text/javascript; charset=utf-8',
  'rooms.css': 'text/css; charset=utf-8',
  'shared.js': 'text/javascript; charset=utf-8',
  'whatsapp.html': 'text/html; charset=utf-8',
  'whatsapp.js': 'text/javascript; charset=utf-8',
};

/** The console's Content-Security-Policy: own scripts, styles and fonts only, WebSocket to the same host. */
export function consoleCsp(host: string | undefined): string {
  const ws = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${ws}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A console page with the comune's chrome filled in: the HTML files carry `<!--slim-header-->`,
 * `<!--footer-->` and `{{city}}` where the slim header strip, the footer and the comune's name go.
 */
export function fillChrome(html: string, chrome: ChromeSettings): string {
  return html
    .replace('<!--slim-header-->', slimHeaderHtml(chrome))
    .replace('<!--footer-->', footerHtml(chrome))
    .replaceAll('{{city}}', escapeHtml(chrome.city));
}

/**
 * Serves the console at `/console` (and its editors' and admins' pages) with their scripts and stylesheets,
 * under a strict CSP, in the comune's look.
 */
export function registerConsolePage(server: Server, chrome: ChromeSettings): void {
  const cache = new Map<string, Buffer>();
  const serve =
    (file: string) =>
    async (req: Request, res: Response): Promise<void> => {
      let body = cache.get(file);
      if (!body) {
        const onDisk = path.join(PUBLIC_DIR, file);
        if (fs.existsSync(onDisk)) {
          body = fs.readFileSync(onDisk);
          if (file.endsWith('.html')) body = Buffer.from(fillChrome(body.toString('utf8'), chrome));
          cache.set(file, body);
        }
      }
      if (!body) {
        res.status(404);
        res.json({ error: { code: 'not_found', message: 'Console files are missing from this build.' } });
        return;
      }
      res.writeHead(200, {
        ...DOCUMENT_HEADERS,
        'Content-Type': ASSETS[file] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Content-Security-Policy': consoleCsp(req.headers.host),
        'Cache-Control': 'no-cache',
        'X-Frame-Options': 'DENY',
      });
      res.end(body);
    };
  server.get('/console', serve('index.html'));
  server.get('/console/', serve('index.html'));
  server.get('/console/app.js', serve('app.js'));
  server.get('/console/app.css', serve('app.css'));
  // Editors' pages: knowledge-base editor and analytics.
  server.get('/console/editor', serve('editor.html'));
  server.get('/console/analytics', serve('analytics.html'));
  // Admins' page: linking WhatsApp Web (QR code or pairing code).
  server.get('/console/whatsapp', serve('whatsapp.html'));
  for (const file of ['editor.js', 'analytics.js', 'rooms.css', 'shared.js', 'whatsapp.js'])
    server.get(`/console/${file}`, serve(file));
}
