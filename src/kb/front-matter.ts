import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type FrontMatter, frontMatterSchema } from './entry';

/** A Markdown file split into validated front matter and body, or the problems that stopped it. */
export type ParsedFile =
  | {
      ok: true;
      data: FrontMatter;
      body: string;
      bodyLine: number;
      lineOf: (path: (string | number)[]) => number;
    }
  | { ok: false; problems: Array<{ line: number; reason: string }> };

const FENCE = /^---[ \t]*$/;

/** Describes a zod issue in one short sentence, naming the field. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : 'front matter';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing required field "${field}"`;
  if (issue.code === 'unrecognized_keys')
    return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `field "${field}": ${issue.message}`;
}

/**
 * Splits a knowledge-base Markdown file into YAML front matter and body, and validates the front matter with
 * {@link frontMatterSchema}. Problems carry 1-based line numbers in the file, so `kb validate` can print
 * `file:line reason`.
 */
export function parseEntryFile(text: string): ParsedFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    return {
      ok: false,
      problems: [{ line: 1, reason: 'front matter missing: the file must start with a "---" line' }],
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (close === -1) {
    return {
      ok: false,
      problems: [{ line: 1, reason: 'front matter not closed: add a "---" line after it' }],
    };
  }
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter: counter, prettyErrors: false });
  // Line 1 of the YAML text is line 2 of the file.
  const lineAt = (offset: number) => counter.linePos(offset).line + 1;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        line: lineAt(e.pos[0]),
        reason: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineAt(node.range[0]);
      // A key with no usable node: point at the key itself.
      const pair = n === 1 && typeof path[0] === 'string' ? findKeyLine(lines, close, path[0]) : undefined;
      if (pair) return pair;
    }
    return 1;
  };
  const parsed = frontMatterSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const keyLine =
          issue.code === 'unrecognized_keys' ? findKeyLine(lines, close, issue.keys[0] ?? '') : undefined;
        return { line: keyLine ?? lineOf(path), reason: describeIssue(issue) };
      }),
    };
  }
  const body = lines
    .slice(close + 1)
    .join('\n')
    .trim();
  if (!body)
    return {
      ok: false,
      problems: [{ line: close + 1, reason: 'empty answer: write the answer below the front matter' }],
    };
  return { ok: true, data: parsed.data, body, bodyLine: close + 2, lineOf };
}

/** The file line of a top-level key inside the front matter, if present. */
function findKeyLine(lines: string[], close: number, key: string): number | undefined {
  const i = lines.findIndex((l, n) => n > 0 && n < close && l.startsWith(`${key}:`));
  return i === -1 ? undefined : i + 1;
}
