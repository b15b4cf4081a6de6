/** Common Italian and English words the fake model ignores, and the e5 prefixes. */
const STOPWORDS = new Set(
  (
    'il lo la i gli le un uno una di a da in con su per tra fra e o ma se che chi non ne ci mi ti si vi del ' +
    'della dei delle degli al alla ai alle allo dal dalla nel nella nei sul sulla come cosa quando dove quale ' +
    'sono sei ho hai ha abbiamo avete hanno devo posso vorrei mio mia miei mie the an of to for on at by with ' +
    'and or is are was be can do does how what when where which my your it this that i you we query passage'
  ).split(' '),
);

/** FNV-1a, 32 bits: a stable hash of a token. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The fake server's "model": a hashed bag of words cut to 5-letter stems (accents and common words dropped),
 * with a synonym table mapping whole word families to one token, so that in tests a paraphrase lands near its
 * entry. Deterministic, so a test can compute the vector it expects.
 */
export class FakeEmbeddingModel {
  private readonly concept = new Map<string, string>();

  constructor(
    private readonly dims: number,
    synonyms: ReadonlyArray<readonly string[]>,
  ) {
    for (const group of synonyms) {
      const token = `~${stem(group[0] as string)}`;
      for (const word of group) for (const w of words(word)) this.concept.set(stem(w), token);
    }
  }

  /** The vector of a text (unit length). */
  vector(text: string): number[] {
    const v = new Array<number>(this.dims).fill(0);
    for (const word of words(text)) {
      const s = stem(word);
      const h = fnv1a(this.concept.get(s) ?? s);
      v[h % this.dims] = (v[h % this.dims] as number) + ((h >>> 16) & 1 ? 1 : -1);
    }
    const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;
    return v.map((x) => x / norm);
  }
}

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

function stem(word: string): string {
  return word.slice(0, 5);
}
