import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PurgeCSS } from 'purgecss';

/**
 * Where the markup that uses Bootstrap Italia's classes lives: the console's pages and scripts, the web chat
 * page, and the header and footer made here. Read next to this file, so `src/` under ts-jest and `dist/` once
 * built (class names survive compilation inside strings).
 */
const MARKUP_DIRS = [
  path.join(__dirname, '..', 'console', 'public'),
  path.join(__dirname, '..', 'channels', 'webchat'),
  __dirname,
];

async function markup(): Promise<string[]> {
  const texts: string[] = [];
  for (const dir of MARKUP_DIRS) {
    const files = (await readdir(dir)).filter((f) => /\.(html|js|ts)$/.test(f) && !f.endsWith('.d.ts'));
    for (const file of files) texts.push(await readFile(path.join(dir, file), 'utf8'));
  }
  return texts;
}

/**
 * Bootstrap Italia's CSS without the video player's icon font, inlined as a data: URL: we ship no video
 * player, and the pages' CSP takes fonts from this origin only.
 */
export function withoutVideoJsFont(css: string): string {
  return css.replace(/@font-face\{font-family:VideoJS;[^}]*\}/g, '');
}

/**
 * Bootstrap Italia's compiled CSS trimmed by purgecss to the rules whose classes our pages use (element rules,
 * `:root` variables and the reboot stay): a phone downloads and parses a small part of the whole.
 */
export async function trimBootstrapItalia(css: string): Promise<string> {
  const [result] = await new PurgeCSS().purge({
    content: (await markup()).map((raw) => ({ raw, extension: 'html' })),
    css: [{ raw: withoutVideoJsFont(css) }],
  });
  if (!result) throw new Error('purgecss returned nothing');
  return result.css;
}
