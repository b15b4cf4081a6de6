import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/** The Web Chat bundle in memory, plain and gzipped, with its ETag. */
export interface Bundle {
  plain: Buffer;
  gzipped: Buffer;
  etag: string;
}

let cached: Promise<Bundle> | undefined;

/**
 * Where `dist/webchat.js` is. The package's `exports` map hides the file from `require.resolve`, so walk up from
 * its entry point to the package root.
 */
export function webChatBundlePath(): string {
  let dir = path.dirname(require.resolve('botframework-webchat'));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat is not installed');
    dir = parent;
  }
  return path.join(dir, 'dist', 'webchat.js');
}

/**
 * Loads the official Web Chat bundle (`botframework-webchat/dist/webchat.js`) from node_modules, once: no CDN,
 * so the page works on an intranet and no citizen's browser talks to a third party.
 */
export function loadWebChatBundle(): Promise<Bundle> {
  cached ??= (async () => {
    const plain = await readFile(webChatBundlePath());
    const gzipped = await promisify(gzip)(plain);
    const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`;
    return { plain, gzipped, etag };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
