import { z } from 'zod';

/** Longest message text a citizen may send, in characters. */
export const MAX_TEXT_LENGTH = 4000;
/** Largest `value` / `channelData` accepted, as serialised JSON characters. */
const MAX_JSON_LENGTH = 8000;

/** True when a value serialises to at most {@link MAX_JSON_LENGTH} characters (false when it cannot). */
function fitsJson(value: unknown): boolean {
  try {
    return JSON.stringify(value).length <= MAX_JSON_LENGTH;
  } catch {
    return false; // cyclic or too deep to serialise: the request body reader already refuses those
  }
}

const smallJson = (what: string) =>
  z.unknown().refine((v) => v === undefined || fitsJson(v), { message: `${what} is too large` });

const attachmentSchema = z.object({
  contentType: z.string().min(1).max(200),
  contentUrl: z.string().max(2000).optional(),
  name: z.string().max(300).optional(),
  content: smallJson('attachment content').optional(),
});

/**
 * An activity as a Direct Line client posts it. Unknown fields are dropped; `from.id` is read but never trusted
 * (the citizen's identity comes from the token).
 */
export const postedActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(35).optional(),
    name: z.string().max(200).optional(),
    from: z.object({ id: z.string().max(200).optional(), name: z.string().max(200).optional() }).optional(),
    value: smallJson('value').optional(),
    attachments: z.array(attachmentSchema).max(10).optional(),
    entities: z
      .array(z.record(z.string(), z.unknown()))
      .max(10)
      .refine(fitsJson, { message: 'entities are too large' })
      .optional(),
    channelData: z
      .record(z.string(), z.unknown())
      .refine(fitsJson, { message: 'channelData is too large' })
      .optional(),
  })
  .refine(
    (a) =>
      a.type !== 'message' ||
      (a.text ?? '').trim() !== '' ||
      (a.attachments?.length ?? 0) > 0 ||
      (a.entities?.length ?? 0) > 0 ||
      a.value !== undefined,
    { message: 'a message needs text, attachments, entities or a value', path: ['text'] },
  );

/** A validated posted activity. */
export type PostedActivity = z.infer<typeof postedActivitySchema>;

/**
 * Body of `POST /api/webchat/session`: optionally the token the page kept from an earlier visit, and the
 * identity assertion of a citizen signed in on the comune's portal (`citizenToken`, a JWT) with the page's
 * locale (for the sentence saying why an assertion was refused).
 */
export const sessionBodySchema = z
  .object({
    token: z.string().min(1).max(4000).optional(),
    citizenToken: z.string().min(1).max(4000).optional(),
    locale: z.string().max(35).optional(),
  })
  .optional()
  .transform((b) => b ?? {});
