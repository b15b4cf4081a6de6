/**
 * `npm run build` (run by `npm start` and the benches first): compiles `src/` into plain CommonJS JavaScript in
 * `dist/` with esbuild (well under a second), with source maps so logged stack traces name the `.ts` lines,
 * and copies the operator console's static files and the data files modules read (`*.yml`, `*.json`) next to
 * it. The server runs the compiled files, not the TypeScript through tsx: under tsx's loader hooks the same
 * code takes ~15% more instructions per message (about 5% of the main thread's time measured;
 * docs/web-chat.md, "Compiled JavaScript"). Type checking is `npm run check`'s job, not this one's.
 */
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const out = path.join(root, 'dist');

const entryPoints = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => path.join(src, file));

const { metafile } = await build({
  absWorkingDir: root,
  entryPoints,
  outdir: out,
  outbase: src,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
// The console's static files are copied afresh (a running server keeps each one in memory once served).
const publicDir = path.join(out, 'console', 'public');
rmSync(publicDir, { recursive: true, force: true });
cpSync(path.join(src, 'console', 'public'), publicDir, { recursive: true });

// Data files the code reads from beside itself (the knowledge base's lexicon, `kb/lexicon/<lang>/*.yml`, and
// its learned word associations, `kb/lexicon/associations.json`).
const dataFiles = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
  (file) => file.endsWith('.yml') || (file.endsWith('.json') && !file.startsWith(`console${path.sep}public`)),
);
for (const file of dataFiles) cpSync(path.join(src, file), path.join(out, file));

// A source file deleted or renamed must not live on as a stale compiled or data file. Compiled files are
// replaced in place, not removed first, so a server already running from dist/ keeps finding the ones it loads
// later.
const built = new Set([
  ...Object.keys(metafile.outputs).map((file) => path.resolve(root, file)),
  ...dataFiles.map((file) => path.join(out, file)),
]);
for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
  const full = path.join(out, file);
  if (/\.(js(\.map)?|yml|json)$/.test(file) && !full.startsWith(publicDir + path.sep) && !built.has(full))
    rmSync(full);
}
