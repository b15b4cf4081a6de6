import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { type Asset, asset, sendAsset } from '../http/send-asset';
import type { CityPalette } from './city-color';
import { TITILLIUM_FILES, themeCss } from './theme-css';
import { trimBootstrapItalia } from './trimmed-css';

/** How long browsers keep the files that change only with a new bootstrap-italia (revalidated by ETag after). */
const LONG = 86_400;

/** bootstrap-italia's `dist/` folder in node_modules. */
export function bootstrapItaliaDist(): string {
  const root = path.dirname(require.resolve('bootstrap-italia/package.json'));
  const dist = path.join(root, 'dist');
  if (!existsSync(dist)) throw new Error('bootstrap-italia is not installed');
  return dist;
}

/** Reads a file once and keeps it (or the failure, retried on the next request). */
function once(load: () => Promise<Asset>): () => Promise<Asset> {
  let cached: Promise<Asset> | undefined;
  return () => {
    cached ??= load();
    cached.catch(() => {
      cached = undefined;
    });
    return cached;
  };
}

/** The trimmed Bootstrap Italia, made once per process on first request: the same for every app. */
const bootstrapItaliaCss = once(async () => {
  const full = await readFile(path.join(bootstrapItaliaDist(), 'css', 'bootstrap-italia.min.css'), 'utf8');
  const plain = Buffer.from(await trimBootstrapItalia(full));
  return asset('text/css; charset=utf-8', plain, await promisify(gzip)(plain));
});

function missing(res: Response): void {
  res.status(404);
  res.json({ error: { code: 'not_found', message: 'No such file.' } });
}

/**
 * Serves the look shared by the web chat and the console from this origin (no CDN: the product works offline):
 * Bootstrap Italia's CSS (trimmed to what the pages use) and Titillium Web fonts from node_modules, and
 * `/look/theme.css` made from the city's colour.
 */
export function registerLookAssets(server: Server, palette: CityPalette): void {
  const theme = asset('text/css; charset=utf-8', themeCss(palette));
  const fonts = new Map(
    Object.entries(TITILLIUM_FILES).map(([name, f]) => [
      name,
      once(async () =>
        asset(
          'font/woff2',
          await readFile(path.join(bootstrapItaliaDist(), 'fonts', 'Titillium_Web', f.file)),
        ),
      ),
    ]),
  );

  server.get('/look/theme.css', async (req: Request, res: Response) => sendAsset(req, res, theme, 300));
  server.get('/look/bootstrap-italia.min.css', async (req: Request, res: Response) => {
    try {
      sendAsset(req, res, await bootstrapItaliaCss(), LONG);
    } catch {
      missing(res);
    }
  });
  server.get('/look/fonts/:file', async (req: Request, res: Response) => {
    const font = fonts.get(String(req.params?.file ?? ''));
    if (!font) return missing(res);
    try {
      sendAsset(req, res, await font(), LONG);
    } catch {
      missing(res);
    }
  });
}
