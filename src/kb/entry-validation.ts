import type { z } from 'zod';
import { type FrontMatter, frontMatterSchema, type KbEntry } from './entry';
import { describeIssue } from './front-matter';

/** One reason an edited entry cannot be saved, with the field it concerns. */
export interface EntryProblem {
  /** Dotted field path (`questions.0`, `body`, `valid_until`). */
  field: string;
  message: string;
}

/** The outcome of {@link validateEntry}. */
export type EntryValidation =
  | { ok: true; entry: Omit<KbEntry, 'file'> }
  | { ok: false; problems: EntryProblem[] };

/**
 * Validates an entry edited outside a file (the console) with the same zod schema and rules as `kb validate`:
 * the front matter through {@link frontMatterSchema} (unknown fields refused), a non-empty answer, and
 * `valid_from` not after `valid_until`. Messages are the ones `kb validate` prints.
 */
export function validateEntry(front: unknown, body: unknown): EntryValidation {
  const problems: EntryProblem[] = [];
  const parsed = frontMatterSchema.safeParse(front ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues as z.core.$ZodIssue[]) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push({ field: path.join('.') || 'front matter', message: describeIssue(issue) });
    }
  }
  const text = typeof body === 'string' ? body.trim() : '';
  if (!text)
    problems.push({ field: 'body', message: 'empty answer: write the answer below the front matter' });
  if (text.length > 20_000)
    problems.push({ field: 'body', message: 'the answer is too long (20,000 characters at most)' });
  const data: FrontMatter | undefined = parsed.success ? parsed.data : undefined;
  if (data?.valid_from && data.valid_until && data.valid_from > data.valid_until)
    problems.push({ field: 'valid_until', message: 'valid_until is before valid_from' });
  if (problems.length || !data) return { ok: false, problems };
  return { ok: true, entry: { ...data, body: text } };
}
