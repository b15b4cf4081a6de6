import { isEntryValidOn, type KbEntry, type KbLang } from '../entry';
import type { ExtraRanking } from '../kb-answerer';
import type { KnowledgeSnapshot } from '../knowledge-snapshot';

/** A semantic ranking: the closest entries with their cosine similarity and its z-score among all entries. */
export interface SemanticRanking extends ExtraRanking {
  ranked: ReadonlyArray<{ id: string; similarity: number; z: number }>;
  /** Entries compared: the language's entries valid today that have a vector. */
  count: number;
}

/** An entry with its vector. */
export interface IndexedEntry {
  entry: KbEntry;
  vector: Float32Array;
}

/**
 * The vectors of one knowledge snapshot's entries, per language: what a question is compared against.
 * Entries without an up-to-date vector are simply not in it (lexical retrieval still finds them).
 */
export class VectorIndex {
  private readonly rows: Record<KbLang, IndexedEntry[]> = { it: [], en: [] };
  /** Length of the vectors (undefined when empty). */
  readonly dims: number | undefined;

  constructor(
    readonly snapshot: KnowledgeSnapshot,
    entries: Iterable<IndexedEntry>,
  ) {
    for (const e of entries) this.rows[e.entry.lang].push(e);
    this.dims = (this.rows.it[0] ?? this.rows.en[0])?.vector.length;
  }

  /** Entries of a language that have a vector. */
  count(lang: KbLang): number {
    return this.rows[lang].length;
  }

  /**
   * Compares a unit question vector with the language's entries valid on `day`: the `depth` closest, each
   * with its z-score against the others (mean and spread of every similarity but the best one, so the
   * figure means the same whatever the model's cosine scale).
   */
  rank(query: Float32Array, lang: KbLang, day: string, depth: number): SemanticRanking {
    const rows = this.rows[lang];
    const sims: number[] = [];
    const ids: string[] = [];
    const top: Array<{ i: number; s: number }> = [];
    for (const row of rows) {
      if (!isEntryValidOn(row.entry, day)) continue;
      const s = dot(query, row.vector);
      sims.push(s);
      ids.push(row.entry.id);
      // Insertion into a short sorted list: cheaper than sorting every similarity.
      if (top.length < depth || s > (top[top.length - 1] as { s: number }).s) {
        let at = top.length;
        while (at > 0 && (top[at - 1] as { s: number }).s < s) at--;
        top.splice(at, 0, { i: sims.length - 1, s });
        if (top.length > depth) top.pop();
      }
    }
    const { mean, std } = background(sims, top[0]?.i);
    return {
      count: sims.length,
      ranked: top.map(({ i, s }) => ({
        id: ids[i] as string,
        similarity: s,
        z: std > 0 ? (s - mean) / std : 0,
      })),
    };
  }
}

/** Mean and standard deviation of the similarities, leaving out the best one (index `skip`). */
function background(sims: readonly number[], skip: number | undefined): { mean: number; std: number } {
  const n = sims.length - (skip === undefined ? 0 : 1);
  if (n < 2) return { mean: 0, std: 0 };
  let sum = 0;
  for (let i = 0; i < sims.length; i++) if (i !== skip) sum += sims[i] as number;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < sims.length; i++) if (i !== skip) sq += ((sims[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(sq / n) };
}

/** Dot product of two vectors of the same length (their cosine, both being unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  // Four running sums: the additions no longer wait on each other (measured faster in bench:kb).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += (a[i] as number) * (b[i] as number);
    s1 += (a[i + 1] as number) * (b[i + 1] as number);
    s2 += (a[i + 2] as number) * (b[i + 2] as number);
    s3 += (a[i + 3] as number) * (b[i + 3] as number);
  }
  for (; i < n; i++) s0 += (a[i] as number) * (b[i] as number);
  return s0 + s1 + s2 + s3;
}
