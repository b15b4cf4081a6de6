import SearchableMap from 'minisearch/SearchableMap';
import { stem, tokenize } from './analyzer';
import type { KbEntry, KbLang } from './entry';
import { isStopword } from './stopwords';
import type { SynonymTable } from './synonyms';

/** One scored entry returned by {@link LangIndex.search}. */
export interface ScoredEntry {
  entry: KbEntry;
  /** Confidence between 0 and 1 that the entry answers the question. */
  score: number;
}

/** How a question was understood: its meaningful terms, and which were typo-corrected or unknown. */
export interface QueryTerm {
  /** The word as written (folded). */
  word: string;
  /** The stem matched against entries. */
  stem: string;
  /** The word it was corrected to, when it was a typo. */
  corrected?: string;
  /** Inverse document frequency: rare words decide more than common ones. */
  weight: number;
}

interface DocInfo {
  entry: KbEntry;
  /** Stem → 1 when in title/questions/tags, 0.5 when only in the body. */
  terms: Map<string, number>;
  /** Stems of the title and of each question with their weights, for the reverse check. */
  phrasings: Phrasing[];
}

/** The stems of one phrasing (title or question) of an entry, weighted once when the index is built. */
interface Phrasing {
  stems: string[];
  weights: number[];
  total: number;
}

// Shares of the final score: how much of the question the entry covers, and how much of the closest of the
// entry's own phrasings the question covers (so "carta d'identità" alone is less sure than a full question).
const QUERY_SHARE = 0.7;
const PHRASING_SHARE = 0.3;
const BODY_MATCH = 0.5;
const TYPO_MATCH = 0.85;
const CANDIDATES = 25;
// Candidate generation reads the posting lists of the rarest query terms first and stops once this many
// postings are read (MaxScore-style pruning): an entry sharing only very common words with the question can
// never reach a useful confidence, so skipping those lists keeps a 10,000-entry search in a few milliseconds.
const MAX_POSTINGS = 3000;

/**
 * The search index of one language. Questions and entries are reduced to Snowball stems (after typo
 * correction against the entries' own vocabulary, by MiniSearch's radix tree, and synonym rewriting); compact
 * posting lists of the rarest question terms give candidates; each candidate then gets a confidence from
 * IDF-weighted term coverage in both directions, so a question with words no entry knows (out of scope)
 * scores low instead of matching on its one common word.
 */
export class LangIndex {
  private readonly postings = new Map<string, Uint32Array>();
  /** Scratch buffers for candidate scoring, reused by every search (JavaScript runs one search at a time). */
  private readonly acc: Float64Array;
  private readonly touched: Uint32Array;
  private readonly docs: DocInfo[] = [];
  private readonly df = new Map<string, number>();
  /** Folded surface words of entries and synonyms, with their frequency, for typo correction. */
  private readonly words = new SearchableMap<number>();
  private readonly stems = new Set<string>();

  constructor(
    readonly lang: KbLang,
    entries: readonly KbEntry[],
    private readonly synonyms: SynonymTable,
  ) {
    for (const w of synonyms.variantWords) this.words.set(w, (this.words.get(w) ?? 0) + 1);
    const lists = new Map<string, number[]>();
    entries.forEach((entry, id) => {
      const strongText = [entry.title, ...entry.questions, ...entry.tags].join(' \n ');
      const strong = this.analyzeDoc(strongText);
      // Link targets, e-mail addresses and URLs are not words of the answer ("protocollo@pec…" is no topic).
      const bodyText = entry.body.replace(/\]\([^)]*\)/g, ']').replace(/\S+@\S+|https?:\/\/\S+/g, ' ');
      const body = this.analyzeDoc(bodyText);
      const terms = new Map<string, number>();
      for (const s of body) terms.set(s, BODY_MATCH);
      for (const s of strong) terms.set(s, 1);
      for (const s of terms.keys()) {
        this.df.set(s, (this.df.get(s) ?? 0) + 1);
        this.stems.add(s);
        const list = lists.get(s);
        if (list) list.push(id);
        else lists.set(s, [id]);
      }
      const phrasings = [entry.title, ...entry.questions]
        .map((p) => this.analyzeDoc(p))
        .filter((p) => p.length)
        .map((stems) => ({ stems, weights: [], total: 0 }));
      this.docs.push({ entry, terms, phrasings });
    });
    for (const [s, ids] of lists) this.postings.set(s, Uint32Array.from(ids));
    // Weights depend on every entry's terms: known only now.
    for (const doc of this.docs)
      for (const p of doc.phrasings) {
        p.weights = p.stems.map((s) => this.weight(s));
        p.total = p.weights.reduce((sum, w) => sum + w, 0);
      }
    this.acc = new Float64Array(entries.length);
    this.touched = new Uint32Array(entries.length);
  }

  /** Number of entries in the index. */
  get size(): number {
    return this.docs.length;
  }

  /** Stems of a document text; records its surface words for typo correction. Synonyms are added, not replaced. */
  private analyzeDoc(text: string): string[] {
    const tokens = this.synonyms.apply(tokenize(text), true);
    const out: string[] = [];
    for (const t of tokens) {
      if (isStopword(this.lang, t)) continue;
      this.words.set(t, (this.words.get(t) ?? 0) + 1);
      out.push(stem(this.lang, t));
    }
    return out;
  }

  private weight(s: string): number {
    return Math.log((this.docs.length + 1) / ((this.df.get(s) ?? 0) + 0.5));
  }

  /**
   * The closest known word to a typo, or undefined when nothing is close enough. Short words are never
   * corrected and the first letter must match: typos rarely hit it, and without that rule "padre" would become
   * "madre" and "taxi" "tari".
   */
  private correct(word: string): string | undefined {
    if (word.length < 5 || /\d/.test(word)) return undefined;
    const max = word.length >= 9 ? 2 : 1;
    let best: { word: string; distance: number; count: number } | undefined;
    for (const [candidate, [count, distance]] of this.words.fuzzyGet(word, max)) {
      if (candidate[0] !== word[0] || (distance === 2 && candidate.slice(0, 2) !== word.slice(0, 2)))
        continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) {
        best = { word: candidate, distance, count };
      }
    }
    return best?.word;
  }

  /** Turns a question into weighted terms: typo correction, synonyms, stop words out, stems. */
  analyzeQuery(text: string): QueryTerm[] {
    const corrections = new Map<string, string>();
    const raw = tokenize(text).map((t) => {
      if (isStopword(this.lang, t) || this.words.has(t) || this.stems.has(stem(this.lang, t))) return t;
      const fixed = this.correct(t);
      if (fixed) corrections.set(fixed, t);
      return fixed ?? t;
    });
    const terms = new Map<string, QueryTerm>();
    for (const t of this.synonyms.apply(raw, false)) {
      if (isStopword(this.lang, t)) continue;
      const s = stem(this.lang, t);
      if (terms.has(s)) continue;
      const original = corrections.get(t);
      terms.set(s, {
        word: original ?? t,
        stem: s,
        weight: this.weight(s),
        ...(original ? { corrected: t } : {}),
      });
    }
    return [...terms.values()];
  }

  /** The entries that best answer a question, best first, with a confidence between 0 and 1. */
  search(text: string, limit = 5, accept: (entry: KbEntry) => boolean = () => true): ScoredEntry[] {
    const terms = this.analyzeQuery(text);
    if (terms.length === 0 || this.docs.length === 0) return [];
    const total = terms.reduce((sum, t) => sum + t.weight, 0);
    const query = new Map(terms.map((t) => [t.stem, t]));
    // Candidates: entries holding the rarest terms, pre-scored by the weight of the terms they hold.
    let n = 0;
    let postings = 0;
    for (const t of [...terms].sort((a, b) => (this.df.get(a.stem) ?? 0) - (this.df.get(b.stem) ?? 0))) {
      const list = this.postings.get(t.stem);
      if (!list) continue;
      if (postings > 0 && postings + list.length > MAX_POSTINGS) break;
      postings += list.length;
      for (const id of list) {
        if (this.acc[id] === 0) this.touched[n++] = id;
        this.acc[id] = (this.acc[id] ?? 0) + t.weight;
      }
    }
    const candidates = Array.from(this.touched.subarray(0, n)).sort(
      (a, b) => (this.acc[b] ?? 0) - (this.acc[a] ?? 0),
    );
    for (let i = 0; i < n; i++) this.acc[this.touched[i] as number] = 0;
    const scored: ScoredEntry[] = [];
    for (const id of candidates) {
      const doc = this.docs[id];
      if (!doc || !accept(doc.entry)) continue;
      let covered = 0;
      for (const t of terms)
        covered += t.weight * (doc.terms.get(t.stem) ?? 0) * (t.corrected ? TYPO_MATCH : 1);
      let phrasing = 0;
      for (const p of doc.phrasings) {
        let have = 0;
        for (let i = 0; i < p.stems.length; i++)
          if (query.has(p.stems[i] as string)) have += p.weights[i] ?? 0;
        if (p.total > 0) phrasing = Math.max(phrasing, have / p.total);
      }
      scored.push({ entry: doc.entry, score: QUERY_SHARE * (covered / total) + PHRASING_SHARE * phrasing });
      if (scored.length >= CANDIDATES) break;
    }
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ entry, score }) => ({ entry, score: Math.round(score * 1000) / 1000 }));
  }
}
