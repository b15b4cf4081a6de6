import { z } from 'zod';

/** Hosts a developer's own machine answers on: plain http is accepted for them only. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads one origin as the comune writes it (`https://www.comune.esempio.it`, a trailing slash allowed); returns
 * it in the form browsers send (`URL.origin`), or undefined when it is not an https origin (or http on loopback).
 */
export function parseOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  // Only scheme, host and port: a path, query or credentials mean it was not an origin.
  return secure && url.origin === text.replace(/\/$/, '').toLowerCase() ? url.origin : undefined;
}

/**
 * The zod schema of `WIDGET_ALLOWED_ORIGINS`: origins separated by commas or spaces, parsed to a list of
 * origins; empty means none (the chat can then be framed by no other site).
 */
export const allowedOriginsSchema = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const item of value.split(/[\s,]+/).filter(Boolean)) {
      const origin = parseOrigin(item);
      if (!origin) {
        ctx.addIssue({
          code: 'custom',
          message: `must list https:// origins (http://localhost for development), e.g. https://www.comune.esempio.it; "${item}" is not one`,
        });
        return z.NEVER;
      }
      if (!origins.includes(origin)) origins.push(origin);
    }
    return origins;
  });
