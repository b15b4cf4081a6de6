import { z } from 'zod';

/** The six ways citizens write that the evaluation reports apart, plus out-of-scope messages. */
export const STYLES = ['short', 'typo', 'colloquial', 'long', 'everyday', 'paraphrase'] as const;

/** One labelled citizen message of an evaluation set. */
export interface LabelledQuestion {
  /** Line number in the file (1-based), for error messages and listings. */
  line: number;
  text: string;
  /** Entry ids that answer it (the first is the intended one); empty when it is out of scope. */
  expected: string[];
  /** Writing style (`short`, `typo`, … or `out_of_scope`); free text, reported as given. */
  style: string;
}

const ids = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1))]).nullable();

// Evaluation files come from different hands: the usual spellings of each key are accepted.
const rowSchema = z
  .object({
    text: z.string().optional(),
    q: z.string().optional(),
    question: z.string().optional(),
    message: z.string().optional(),
    expected: ids.optional(),
    id: ids.optional(),
    entry: ids.optional(),
    also: z.array(z.string().trim().min(1)).optional(),
    style: z.string().trim().min(1).optional(),
    category: z.string().trim().min(1).optional(),
  })
  .transform((r, ctx) => {
    const text = (r.text ?? r.q ?? r.question ?? r.message ?? '').trim();
    if (!text) ctx.addIssue({ code: 'custom', message: 'needs "text" (or "q", "question", "message")' });
    const raw = r.expected !== undefined ? r.expected : r.id !== undefined ? r.id : (r.entry ?? null);
    const expected = [...(raw === null ? [] : Array.isArray(raw) ? raw : [raw]), ...(r.also ?? [])];
    const style = r.style ?? r.category ?? (expected.length ? 'unspecified' : 'out_of_scope');
    return { text, expected: [...new Set(expected)], style };
  });

/** A line of an evaluation file that is not a labelled question. */
export class QuestionSetError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'QuestionSetError';
  }
}

/**
 * Parses an evaluation set: JSON Lines, one `{"text", "expected", "style"}` object per line (`expected` an
 * entry id, a list of ids, or null when out of scope). Blank lines and lines starting with `#` are skipped.
 */
export function parseQuestionSet(text: string): LabelledQuestion[] {
  const out: LabelledQuestion[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('//')) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new QuestionSetError(i + 1, 'not a JSON object');
    }
    const parsed = rowSchema.safeParse(json);
    if (!parsed.success) throw new QuestionSetError(i + 1, parsed.error.issues[0]?.message ?? 'invalid');
    out.push({ line: i + 1, ...parsed.data });
  });
  return out;
}
