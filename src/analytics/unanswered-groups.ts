import { stem, tokenize } from '../kb/analyzer';
import type { KbLang } from '../kb/entry';
import type { KbUnanswered } from '../kb/kb-skill';
import { isStopword } from '../kb/stopwords';
import { redactPii } from '../privacy/redact';
import { normalize } from '../shared/normalize';

/** A group of similar questions the knowledge base could not answer confidently. */
export interface UnansweredGroup {
  /** The most frequent wording, shown as the group's title (personal data redacted). */
  question: string;
  lang: KbLang;
  /** How many times questions of the group were asked. */
  count: number;
  /** Of which: no answer at all / only "Forse cercavi…". */
  none: number;
  suggest: number;
  /** Up to five other distinct wordings. */
  variants: string[];
  /** The entry most often closest to the group's questions, and its best score. */
  closest?: { id: string; score: number };
  lastAt: string;
}

/** Options of {@link groupUnanswered}. */
export interface GroupOptions {
  /** Token-set Jaccard similarity (over stems) at or above which a question joins a group (default 0.5). */
  threshold?: number;
  /** At most this many groups (default 100). */
  limit?: number;
}

/** The content stems of a question: the knowledge base's own folding, stop words and stemming. */
export function questionStems(question: string, lang: KbLang): Set<string> {
  return new Set(
    tokenize(question.replace(/\[[A-Z_]+\]/g, ' '))
      .filter((w) => !isStopword(lang, w))
      .map((w) => stem(lang, w)),
  );
}

/** Jaccard similarity of two sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

interface Wording {
  text: string;
  lang: KbLang;
  stems: Set<string>;
  records: KbUnanswered[];
}

/**
 * Groups unanswered questions by similarity so editors see topics, not lines: identical wordings are merged,
 * then, most frequent first, each wording joins the first group whose seed has a stem-set Jaccard similarity
 * at or above the threshold (greedy clustering), else seeds a new group. Groups are sorted by count.
 */
export function groupUnanswered(
  records: readonly KbUnanswered[],
  options: GroupOptions = {},
): UnansweredGroup[] {
  const threshold = options.threshold ?? 0.5;
  const wordings = new Map<string, Wording>();
  for (const r of records) {
    const text = redactPii(r.question).trim();
    const key = `${r.lang}:${normalize(text)}`;
    if (!normalize(text)) continue;
    const w = wordings.get(key) ?? { text, lang: r.lang, stems: questionStems(text, r.lang), records: [] };
    w.records.push(r);
    wordings.set(key, w);
  }
  const sorted = [...wordings.values()].sort((a, b) => b.records.length - a.records.length);
  const groups: Array<{ seed: Wording; members: Wording[] }> = [];
  for (const w of sorted) {
    const home = groups.find(
      (g) => g.seed.lang === w.lang && w.stems.size > 0 && jaccard(g.seed.stems, w.stems) >= threshold,
    );
    if (home) home.members.push(w);
    else groups.push({ seed: w, members: [w] });
  }
  return groups
    .map(({ seed, members }) => {
      const all = members.flatMap((m) => m.records);
      const closest = new Map<string, { n: number; score: number }>();
      for (const r of all) {
        if (!r.top) continue;
        const c = closest.get(r.top) ?? { n: 0, score: 0 };
        closest.set(r.top, { n: c.n + 1, score: Math.max(c.score, r.score) });
      }
      const best = [...closest.entries()].sort((a, b) => b[1].n - a[1].n)[0];
      return {
        question: seed.text,
        lang: seed.lang,
        count: all.length,
        none: all.filter((r) => r.outcome === 'none').length,
        suggest: all.filter((r) => r.outcome === 'suggest').length,
        variants: members.slice(1, 6).map((m) => m.text),
        ...(best ? { closest: { id: best[0], score: Math.round(best[1].score * 1000) / 1000 } } : {}),
        // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as text
        lastAt: all.reduce((max, r) => (r.at > max ? r.at : max), ''),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
    .slice(0, options.limit ?? 100);
}
