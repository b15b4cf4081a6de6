import { stem, tokenize } from './analyzer';
import type { KbLang } from './entry';
import { isStopword } from './stopwords';

/** Fields of an entry and how much a word found in each counts. */
const FIELDS = [
  { name: 'title', boost: 3 },
  { name: 'questions', boost: 2 },
  { name: 'tags', boost: 2 },
  { name: 'body', boost: 1 },
] as const;

// BM25+ parameters, as search libraries commonly set them (MiniSearch's defaults).
const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;

/** The text of an entry, by field. */
export interface PlainDoc {
  title: string;
  questions: readonly string[];
  tags: readonly string[];
  body: string;
}

/**
 * A second, deliberately plain ranking of a few candidate entries: BM25+ over word stems per field, no
 * lexicon, no concepts, no sentence weights. When it prefers the same entry as the main ranking, two
 * independent readings of the question agree, which the confidence decision counts as evidence.
 */
export class PlainRanking {
  private readonly tf: Array<Array<Map<string, number>>> = [];
  private readonly lengths: number[][] = [];
  private readonly avg: number[];
  private readonly df = new Map<string, number>();

  constructor(
    private readonly lang: KbLang,
    docs: readonly PlainDoc[],
  ) {
    const totals: number[] = FIELDS.map(() => 0);
    for (const doc of docs) {
      const texts = [doc.title, doc.questions.join('\n'), doc.tags.join(' '), doc.body];
      const seen = new Set<string>();
      const fields = texts.map((text, f) => {
        const counts = new Map<string, number>();
        const stems = this.stems(text);
        for (const s of stems) {
          counts.set(s, (counts.get(s) ?? 0) + 1);
          seen.add(s);
        }
        totals[f] = (totals[f] ?? 0) + stems.length;
        return counts;
      });
      this.tf.push(fields);
      this.lengths.push(
        texts.map((_, f) => [...(fields[f] as Map<string, number>).values()].reduce((a, b) => a + b, 0)),
      );
      for (const s of seen) this.df.set(s, (this.df.get(s) ?? 0) + 1);
    }
    this.avg = totals.map((t) => (docs.length ? t / docs.length : 0));
  }

  /** The meaningful word stems of a text. */
  stems(text: string): string[] {
    return tokenize(text)
      .filter((w) => !isStopword(this.lang, w))
      .map((w) => stem(this.lang, w));
  }

  /** BM25+ scores of the given entries (by position in the index) for a question's stems. */
  score(ids: readonly number[], question: readonly string[]): number[] {
    const n = this.tf.length;
    const terms = [...new Set(question)].filter((t) => this.df.has(t));
    return ids.map((id) => {
      let score = 0;
      for (const term of terms) {
        const df = this.df.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        FIELDS.forEach((field, f) => {
          const tf = this.tf[id]?.[f]?.get(term) ?? 0;
          if (tf === 0) return;
          const len = this.lengths[id]?.[f] ?? 0;
          const norm = K1 * (1 - B + (B * len) / Math.max(1, this.avg[f] ?? 1));
          score += field.boost * idf * (DELTA + (tf * (K1 + 1)) / (tf + norm));
        });
      }
      return score;
    });
  }
}
