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
  /** Term ids, and per term the number of entries holding it. */
  private readonly ids = new Map<string, number>();
  private readonly df: number[] = [];
  /**
   * Term counts of every (entry, field), flattened so ten thousand entries make a few typed arrays rather
   * than forty thousand maps: slot `doc × fields + f` spans `start[slot]…start[slot + 1]` of `terms` (term ids,
   * sorted) and `counts`.
   */
  private readonly start: Uint32Array;
  private readonly terms: Uint32Array;
  private readonly counts: Uint16Array;
  private readonly lengths: Float32Array;
  private readonly avg: number[];

  constructor(
    private readonly lang: KbLang,
    docs: readonly PlainDoc[],
  ) {
    const totals: number[] = FIELDS.map(() => 0);
    const start: number[] = [0];
    const terms: number[] = [];
    const counts: number[] = [];
    const lengths: number[] = [];
    for (const doc of docs) {
      const texts = [doc.title, doc.questions.join('\n'), doc.tags.join(' '), doc.body];
      const seen = new Set<number>();
      texts.forEach((text, f) => {
        const field = new Map<number, number>();
        const stems = this.stems(text);
        for (const st of stems) {
          let id = this.ids.get(st);
          if (id === undefined) {
            id = this.ids.size;
            this.ids.set(st, id);
            this.df.push(0);
          }
          field.set(id, (field.get(id) ?? 0) + 1);
          seen.add(id);
        }
        for (const id of [...field.keys()].sort((a, b) => a - b)) {
          terms.push(id);
          counts.push(Math.min(65535, field.get(id) ?? 0));
        }
        start.push(terms.length);
        lengths.push(stems.length);
        totals[f] = (totals[f] ?? 0) + stems.length;
      });
      for (const id of seen) this.df[id] = (this.df[id] ?? 0) + 1;
    }
    this.start = Uint32Array.from(start);
    this.terms = Uint32Array.from(terms);
    this.counts = Uint16Array.from(counts);
    this.lengths = Float32Array.from(lengths);
    this.avg = totals.map((t) => (docs.length ? t / docs.length : 0));
  }

  /** The meaningful word stems of a text. */
  stems(text: string): string[] {
    return tokenize(text)
      .filter((w) => !isStopword(this.lang, w))
      .map((w) => stem(this.lang, w));
  }

  /** How often term `id` occurs in one (entry, field) slot: a binary search of its sorted term ids. */
  private count(slot: number, id: number): number {
    let lo = this.start[slot] ?? 0;
    let hi = (this.start[slot + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.terms[mid] ?? 0;
      if (t === id) return this.counts[mid] ?? 0;
      if (t < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** BM25+ scores of the given entries (by position in the index) for a question's stems. */
  score(docs: readonly number[], question: readonly string[]): number[] {
    const n = (this.start.length - 1) / FIELDS.length;
    const ids = [...new Set(question)].flatMap((t) => {
      const id = this.ids.get(t);
      return id === undefined ? [] : [id];
    });
    return docs.map((doc) => {
      let score = 0;
      for (const id of ids) {
        const df = this.df[id] ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        FIELDS.forEach((field, f) => {
          const slot = doc * FIELDS.length + f;
          const tf = this.count(slot, id);
          if (tf === 0) return;
          const norm = K1 * (1 - B + (B * (this.lengths[slot] ?? 0)) / Math.max(1, this.avg[f] ?? 1));
          score += field.boost * idf * (DELTA + (tf * (K1 + 1)) / (tf + norm));
        });
      }
      return score;
    });
  }
}
