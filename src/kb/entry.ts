import { z } from 'zod';

/** Languages of knowledge-base entries. */
export const KB_LANGS = ['it', 'en'] as const;

/** A language of the knowledge base. */
export type KbLang = (typeof KB_LANGS)[number];

const isoDate = z.union([
  z.iso.date(),
  // YAML turns an unquoted 2025-01-31 into a Date: accept it and keep the ISO day.
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

/** The zod schema of an entry's YAML front matter. Unknown keys are refused so typos are caught. */
export const frontMatterSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes (e.g. "cie-rinnovo")'),
  lang: z.enum(KB_LANGS),
  title: z.string().trim().min(3),
  questions: z.array(z.string().trim().min(3)).min(1, 'needs at least one question'),
  tags: z.array(z.string().trim().min(1)).default([]),
  links: z
    .array(z.strictObject({ label: z.string().trim().min(1), url: z.string().trim().min(1) }))
    .default([]),
  service: z.string().trim().min(1).optional(),
  valid_from: isoDate.optional(),
  valid_until: isoDate.optional(),
  reviewed: isoDate.optional(),
});

/** The parsed front matter of an entry. */
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** One knowledge-base entry: front matter, the Markdown answer and where it came from. */
export interface KbEntry extends FrontMatter {
  /** The answer, Markdown. */
  body: string;
  /** Path of the source file, relative to the knowledge directory. */
  file: string;
}

/** True when the entry may be served on `day` (`valid_from` ≤ day ≤ `valid_until`, both inclusive). */
export function isEntryValid(entry: Pick<KbEntry, 'valid_from' | 'valid_until'>, now: Date): boolean {
  return isEntryValidOn(entry, now.toISOString().slice(0, 10));
}

/** {@link isEntryValid} for a day already written as `YYYY-MM-DD` (many entries checked against one day). */
export function isEntryValidOn(entry: Pick<KbEntry, 'valid_from' | 'valid_until'>, day: string): boolean {
  if (entry.valid_from && day < entry.valid_from) return false;
  if (entry.valid_until && day > entry.valid_until) return false;
  return true;
}
