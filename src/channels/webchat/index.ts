import type { Request, Response, Server } from 'restify';
import { asset, sendAsset } from '../../http/send-asset';
import { cityPalette } from '../../look';
import { CONNECTION_JS } from './connection-script';
import { APP_CSS, APP_JS } from './page-assets';
import { type PageSettings, pageHtml } from './page-html';
import { sendPage } from './send-page';
import { loadWebChatBundle } from './webchat-bundle';
import { registerWidget } from './widget-routes';

export { contentSecurityPolicy } from './page-csp';

const JS = 'application/javascript; charset=utf-8';
/** Bootstrap Italia's primary, when no colour is given. */
const DEFAULT_CITY_COLOR = cityPalette('#0066CC').primary;

/** Options of {@link registerWebChatPage}. */
export interface WebChatPageOptions extends PageSettings {
  /**
   * Origins allowed to show the page in an iframe, directly or through the widget (`WIDGET_ALLOWED_ORIGINS`,
   * e.g. `https://www.comune.esempio.it`). Default: none but this server itself.
   */
  frameAncestors?: readonly string[];
  /** The comune's colour made readable (`cityPalette(CITY_COLOR).primary`), for the widget's launcher. */
  cityColor?: string;
}

/**
 * Serves the public web chat page at `/` and its assets under `/webchat/`: the official Web Chat bundle
 * from node_modules, the page script and stylesheet; and the widget for the comune's site (`/widget.js`,
 * `/widget`). The page talks to the Direct Line API of this server.
 */
export function registerWebChatPage(server: Server, options: WebChatPageOptions): void {
  const settings: PageSettings = {
    city: options.city,
    region: options.region,
    privacyUrl: options.privacyUrl,
    accessibilityUrl: options.accessibilityUrl,
    ...(options.operatorHours ? { operatorHours: options.operatorHours } : {}),
  };

  server.get('/', async (_req: Request, res: Response) =>
    sendPage(res, pageHtml(settings), options.frameAncestors ?? []),
  );
  registerWidget(server, {
    settings,
    frameAncestors: options.frameAncestors ?? [],
    color: options.cityColor ?? DEFAULT_CITY_COLOR,
  });

  // Browsers ask for it on every visit; answer without a 404 in the console.
  server.get('/favicon.ico', async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.writeHead(204);
    res.end();
  });

  const appJs = asset(JS, APP_JS);
  const connectionJs = asset(JS, CONNECTION_JS);
  const appCss = asset('text/css; charset=utf-8', APP_CSS);
  server.get('/webchat/app.js', async (req: Request, res: Response) => sendAsset(req, res, appJs, 300));
  server.get('/webchat/connection.js', async (req: Request, res: Response) =>
    sendAsset(req, res, connectionJs, 300),
  );
  server.get('/webchat/app.css', async (req: Request, res: Response) => sendAsset(req, res, appCss, 300));

  server.get('/webchat/webchat.js', async (req: Request, res: Response) => {
    let bundle: Awaited<ReturnType<typeof loadWebChatBundle>>;
    try {
      bundle = await loadWebChatBundle();
    } catch {
      res.status(503);
      res.json({ error: { code: 'webchat_missing', message: 'The Web Chat bundle is not installed.' } });
      return;
    }
    sendAsset(req, res, { type: JS, ...bundle }, 86400);
  });
}
