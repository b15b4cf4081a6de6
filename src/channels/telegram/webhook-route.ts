import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Update } from 'telegraf/types';
import { z } from 'zod';
import { HttpError } from '../../http/http-error';
import { parseBody, route } from '../../http/server';

/** Where Telegram posts updates in webhook mode; `TELEGRAM_WEBHOOK_URL` must point here. */
export const WEBHOOK_PATH = '/telegram/webhook';

// The fields the mapper reads, with their types (a wrong type would throw there, and Telegram would retry the
// update forever); everything else passes through and kinds of update Sportello does not handle are ignored.
const user = z.looseObject({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  language_code: z.string().optional(),
});
const point = z.looseObject({ latitude: z.number(), longitude: z.number() });
const message = z.looseObject({
  date: z.number().optional(),
  chat: z.looseObject({ id: z.number(), type: z.string() }),
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(z.looseObject({ file_id: z.string(), file_size: z.number().optional() })).optional(),
  document: z
    .looseObject({
      file_id: z.string(),
      mime_type: z.string().optional(),
      file_name: z.string().optional(),
      file_size: z.number().optional(),
    })
    .optional(),
  location: point.optional(),
  venue: z
    .looseObject({ location: point, title: z.string().optional(), address: z.string().optional() })
    .optional(),
});
const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: user, data: z.string().optional(), message: message.optional() })
    .optional(),
});

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
