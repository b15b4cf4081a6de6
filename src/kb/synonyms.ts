import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { normalize } from '../shared/normalize';
import type { KbLang } from './entry';

/** Synonym groups per language: canonical phrase → variants a citizen may write instead. */
export type Synonyms = Record<KbLang, Array<{ canonical: string; variants: string[] }>>;

/** The file name of the synonyms file at the root of the knowledge directory. */
export const SYNONYMS_FILE = 'synonyms.yml';

const groupSchema = z.record(z.string().min(1), z.array(z.string().min(1)).min(1));
const synonymsSchema = z.strictObject({ it: groupSchema.default({}), en: groupSchema.default({}) });

/** No synonyms at all. */
export function emptySynonyms(): Synonyms {
  return { it: [], en: [] };
}

/**
 * Parses `synonyms.yml`: per language, a map from the canonical phrase (the words the entries use) to the
 * variants citizens write, e.g. `rifiuti: [monnezza, spazzatura, immondizia]`.
 */
export function parseSynonyms(
  text: string,
): { synonyms: Synonyms } | { problem: { line: number; reason: string } } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const error = doc.errors[0];
  if (error)
    return {
      problem: { line: counter.linePos(error.pos[0]).line, reason: `YAML: ${error.message.split('\n')[0]}` },
    };
  const parsed = synonymsSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return {
      problem: {
        line: node?.range ? counter.linePos(node.range[0]).line : 1,
        reason: `${path.join('.') || 'synonyms'}: ${issue?.message ?? 'invalid'} (expected "it:"/"en:" maps of phrase: [variants])`,
      },
    };
  }
  const toGroups = (map: Record<string, string[]>) =>
    Object.entries(map).map(([canonical, variants]) => ({ canonical, variants }));
  return { synonyms: { it: toGroups(parsed.data.it), en: toGroups(parsed.data.en) } };
}

/** A compiled synonym table for one language: rewrites token sequences to their canonical tokens. */
export class SynonymTable {
  private readonly byFirst = new Map<string, Array<{ from: string[]; to: string[] }>>();
  /** Every word that appears in a variant, so typo correction can aim at them. */
  readonly variantWords = new Set<string>();

  constructor(groups: Synonyms[KbLang]) {
    for (const { canonical, variants } of groups) {
      const to = normalize(canonical).split(' ').filter(Boolean);
      for (const variant of variants) {
        const from = normalize(variant).split(' ').filter(Boolean);
        const first = from[0];
        if (!first || from.join(' ') === to.join(' ')) continue;
        for (const w of from) this.variantWords.add(w);
        const list = this.byFirst.get(first) ?? [];
        list.push({ from, to });
        // Longest variant first, so "vigili urbani" wins over "vigili".
        list.sort((a, b) => b.from.length - a.from.length);
        this.byFirst.set(first, list);
      }
    }
  }

  /**
   * Rewrites variants to canonical words. With `keep`, the original words stay and the canonical ones are
   * added (used for entries, so both spellings find them); without it they are replaced (used for questions).
   */
  apply(tokens: readonly string[], keep: boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i] as string;
      const match = this.byFirst.get(token)?.find((s) => s.from.every((w, k) => tokens[i + k] === w));
      if (match) {
        if (keep) out.push(...match.from);
        out.push(...match.to);
        i += match.from.length;
      } else {
        out.push(token);
        i += 1;
      }
    }
    return out;
  }
}
