import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
 * Loads the official Web Chat bundle (`botframework-webchat/dist/webchat.js`) from node_modules, once: no CDN,
 * so the page works on an intranet and no citizen's browser talks to a third party.
 */
export function loadWebChatBundle(): Promise<Bundle> {
  cached ??= (async () => {
    const plain = await readFile(require.resolve('botframework-webchat/dist/webchat.js'));
    const gzipped = await promisify(gzip)(plain);
    const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`;
    return { plain, gzipped, etag };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
