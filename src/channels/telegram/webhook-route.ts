import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Update } from 'telegraf/types';
import { z } from 'zod';
import { HttpError } from '../../http/http-error';
import { parseBody, route } from '../../http/server';

/** Where Telegram posts updates in webhook mode; `TELEGRAM_WEBHOOK_URL` must point here. */
export const WEBHOOK_PATH = '/telegram/webhook';

// Only the id is required: the mapper reads the rest defensively and ignores what it does not know.
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Mounts `POST /telegram/webhook`: checks Telegram's `X-Telegram-Bot-Api-Secret-Token` header (403 otherwise),
 * validates the update and hands it to `onUpdate`. A failure answers 500 so Telegram delivers the update again.
 */
export function registerWebhookRoute(
  server: Server,
  options: { secret: string; logger: Logger; onUpdate(update: Update): Promise<void> },
): void {
  server.post(
    WEBHOOK_PATH,
    route(options.logger, async (req, res) => {
      if (!sameSecret(req.header('X-Telegram-Bot-Api-Secret-Token') || undefined, options.secret))
        throw new HttpError(403, 'forbidden', 'Missing or wrong Telegram secret token.');
      const update = parseBody(updateSchema, req.body) as unknown as Update;
      await options.onUpdate(update);
      res.json({ ok: true });
    }),
  );
}
