import type { Request, Response, Server } from 'restify';
import { asset, sendAsset } from '../../http/send-asset';
import { EMBED_JS } from './embed-script';
import { type PageSettings, pageHtml } from './page-html';
import { sendPage } from './send-page';
import { widgetScript } from './widget-script';

/** Options of {@link registerWidget}. */
export interface WidgetOptions {
  /** What the chat page shows about the city hall. */
  settings: PageSettings;
  /** Origins of the comune's sites allowed to show the chat (`WIDGET_ALLOWED_ORIGINS`). */
  frameAncestors: readonly string[];
  /** The launcher's and panel header's colour: the comune's, readable with white text. */
  color: string;
}

const JS = 'application/javascript; charset=utf-8';

/**
 * Serves the embeddable widget: `/widget.js` for the comune's pages (any site may load it; only allowed ones
 * may show the panel), `/widget`, the chat page as the panel shows it, framed only by the allowed origins, and
 * `/webchat/embed.js`, the panel's side of the conversation with the host page.
 */
export function registerWidget(server: Server, options: WidgetOptions): void {
  const widgetJs = asset(JS, widgetScript(options.color));
  const embedJs = asset(JS, EMBED_JS);
  server.get('/widget.js', async (req: Request, res: Response) => {
    // Loaded by other sites' pages: readable across origins (also under COEP, and with `crossorigin` for SRI).
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Access-Control-Allow-Origin', '*');
    sendAsset(req, res, widgetJs, 300);
  });

  server.get('/webchat/embed.js', async (req: Request, res: Response) => sendAsset(req, res, embedJs, 300));

  server.get('/widget', async (req: Request, res: Response) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const asked = query.get('host') ?? '';
    // The page talks to the host it names only when that host is allowed; frame-ancestors is the real barrier.
    const hostOrigin = options.frameAncestors.includes(asked) ? asked : undefined;
    const html = pageHtml(options.settings, {
      lang: query.get('lang') === 'en' ? 'en' : 'it',
      ...(hostOrigin ? { hostOrigin } : {}),
    });
    sendPage(res, html, options.frameAncestors);
  });
}
