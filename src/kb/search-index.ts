import SearchableMap from 'minisearch/SearchableMap';
import { stem, tokenize } from './analyzer';
import type { KbEntry, KbLang } from './entry';
import { contentStems, type PhraseMatcher } from './phrase-matcher';
import { isStopword } from './stopwords';
import { isGenericWord } from './text/generic-words';
import { segmentMessage } from './text/segments';

/** One scored entry returned by {@link LangIndex.search}. */
export interface ScoredEntry {
  entry: KbEntry;
  /** Ranking score between 0 and 1: how well the entry and the question cover each other. */
  score: number;
  /** Share of the question's topic weight the entry accounts for (0–1). */
  coverage: number;
  /** How much of the closest of the entry's own phrasings (title, questions) the question covers (0–1). */
  phrasing: number;
  /** The question's weight the entry accounts for, in units of the rarest possible word's weight. */
  evidence: number;
}

/** One meaningful piece of a question: a word, or a phrase recognised as a concept, with its alternatives. */
export interface QueryUnit {
  /** The words as written (folded). */
  words: string[];
  /** Index terms that satisfy it (stems, `~concept` tokens) and how fully each does (0–1). */
  alternatives: Array<{ term: string; credit: number }>;
  /** How much the unit decides: rarity in the entries times the weight of its sentence. */
  weight: number;
  /** True when some alternative occurs in the entries. */
  known: boolean;
  /** True when the unit names a public-service topic (lexicon or entries' words), known here or not. */
  topical: boolean;
  /** The word a typo was corrected to. */
  corrected?: string;
}

/** How a question was understood, with the figures the confidence decision reads. */
export interface QueryAnalysis {
  units: QueryUnit[];
  /** Sum of the weights the coverage is measured against. */
  total: number;
  /** Weight of topic units no entry knows (a service the knowledge base does not cover). */
  unknownTopical: number;
}

/** A set of search results with the query it was made for. */
export interface IndexResult {
  results: ScoredEntry[];
  query: QueryAnalysis;
}

interface DocInfo {
  entry: KbEntry;
  /** Term → 1 when in title/questions/tags, {@link BODY_MATCH} when only in the body. */
  terms: Map<string, number>;
  /** Units of the title and of each question, for the reverse check. */
  phrasings: Phrasing[];
}

/** The units of one phrasing (title or question): each a set of terms that satisfy it, with a weight. */
interface Phrasing {
  units: Array<{ terms: string[]; weight: number }>;
  total: number;
}

// Shares of the ranking score: how much of the question the entry covers, and how much of the closest of the
// entry's own phrasings the question covers (so "carta d'identità" alone is less sure than a full question).
const QUERY_SHARE = 0.7;
const PHRASING_SHARE = 0.3;
const BODY_MATCH = 0.5;
const TYPO_MATCH = 0.85;
/** Credit of a word of the same family (common stem prefix), e.g. "iscriv-" for "iscrizion-". */
const FAMILY_MATCH = 0.8;
/** Credit of one word of a multi-word phrase when the entry has that word but not the phrase's concept. */
const PART_OF_PHRASE = 0.5;
/** Weight, against a known word's, of a word neither the entries nor the lexicon know (a name, chatter). */
const STRANGER_WEIGHT = 0.4;
/** Weight, against a topic word's, of one of the language's most common words ("tempo", "volta"). */
const GENERIC_WEIGHT = 0.5;
const CANDIDATES = 40;
// Candidate generation reads the posting lists of the rarest query terms first and stops once this many
// postings are read (MaxScore-style pruning): an entry sharing only very common words with the question can
// never reach a useful confidence, so skipping those lists keeps a 10,000-entry search in a few milliseconds.
const MAX_POSTINGS = 3000;

/**
 * The search index of one language. Entries and questions become Snowball stems plus concept tokens (the
 * lexicon's and the city's phrase groups: "ho cambiato casa" and "cambio di residenza" share `~residenza`);
 * a question is first split into sentences so the story around it weighs less than the question itself,
 * and its typos are corrected against the entries' and lexicon's words. Compact posting lists of the rarest
 * terms give candidates; each then gets coverage in both directions, weighted by rarity. Words that neither
 * the entries nor the lexicon know (names, chatter) weigh little; topic words no entry knows ("passaporto"
 * in a knowledge base without it) weigh fully, so out-of-scope questions score low.
 */
export class LangIndex {
  private readonly postings = new Map<string, Uint32Array>();
  /** Scratch buffers for candidate scoring, reused by every search (JavaScript runs one search at a time). */
  private readonly acc: Float64Array;
  private readonly touched: Uint32Array;
  private readonly docs: DocInfo[] = [];
  private readonly df = new Map<string, number>();
  /** Folded surface words of entries and phrases, with their frequency, for typo correction. */
  private readonly words = new SearchableMap<number>();
  /** Every stem of the entries, for word families by prefix. */
  private readonly stemTree = new SearchableMap<true>();

  constructor(
    readonly lang: KbLang,
    entries: readonly KbEntry[],
    private readonly phrases: PhraseMatcher,
  ) {
    for (const w of phrases.words) this.words.set(w, (this.words.get(w) ?? 0) + 1);
    const lists = new Map<string, number[]>();
    entries.forEach((entry, id) => {
      const strong = this.analyzeDoc([entry.title, ...entry.questions, ...entry.tags].join(' \n '));
      // Link targets, e-mail addresses and URLs are not words of the answer ("protocollo@pec…" is no topic).
      const bodyText = entry.body.replace(/\]\([^)]*\)/g, ']').replace(/\S+@\S+|https?:\/\/\S+/g, ' ');
      const body = this.analyzeDoc(bodyText);
      const terms = new Map<string, number>();
      for (const s of body) terms.set(s, BODY_MATCH);
      for (const s of strong) terms.set(s, 1);
      for (const s of terms.keys()) {
        this.df.set(s, (this.df.get(s) ?? 0) + 1);
        if (!s.startsWith('~')) this.stemTree.set(s, true);
        const list = lists.get(s);
        if (list) list.push(id);
        else lists.set(s, [id]);
      }
      this.docs.push({ entry, terms, phrasings: [] });
    });
    for (const [s, ids] of lists) this.postings.set(s, Uint32Array.from(ids));
    // Phrasing weights depend on every entry's terms: known only now.
    this.docs.forEach((doc) => {
      for (const text of [doc.entry.title, ...doc.entry.questions]) {
        const stems = contentStems(this.lang, text);
        if (stems.length === 0) continue;
        const units = groupUnits(stems, this.phrases.match(stems, true)).map((terms) => ({
          terms,
          weight: Math.max(...terms.map((t) => this.weight(t))),
        }));
        doc.phrasings.push({ units, total: units.reduce((sum, u) => sum + u.weight, 0) });
      }
    });
    this.acc = new Float64Array(entries.length);
    this.touched = new Uint32Array(entries.length);
  }

  /** Number of entries in the index. */
  get size(): number {
    return this.docs.length;
  }

  /** Stems and concept tokens of a document text; records its surface words for typo correction. */
  private analyzeDoc(text: string): string[] {
    const stems: string[] = [];
    for (const t of tokenize(text)) {
      if (isStopword(this.lang, t)) continue;
      this.words.set(t, (this.words.get(t) ?? 0) + 1);
      stems.push(stem(this.lang, t));
    }
    for (const m of this.phrases.match(stems, true)) stems.push(m.concept);
    return stems;
  }

  private weight(term: string): number {
    return Math.log((this.docs.length + 1) / ((this.df.get(term) ?? 0) + 0.5));
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

  /**
   * Stems of the entries in the same word family as an unknown stem: one is the other's prefix, or they
   * share all but the last letter of the shorter one and at least five letters ("iscriv" / "iscrizion").
   */
  private family(s: string): string[] {
    if (s.length < 5) return [];
    const out: string[] = [];
    for (const [candidate] of this.stemTree.atPrefix(s.slice(0, Math.max(5, s.length - 1)))) {
      if (candidate === s) continue;
      const shorter = Math.min(candidate.length, s.length);
      let common = 0;
      while (common < shorter && candidate[common] === s[common]) common++;
      if (common >= 5 && common >= shorter - 1) out.push(candidate);
    }
    return out;
  }

  /** Turns a question into weighted units: sentences weighed, typos corrected, phrases recognised, stems. */
  analyzeQuery(text: string): QueryAnalysis {
    const tokens: Array<{ word: string; corrected?: string; weight: number }> = [];
    for (const segment of segmentMessage(text, this.lang)) {
      for (const t of tokenize(segment.text)) {
        if (isStopword(this.lang, t)) continue;
        if (this.words.has(t) || this.df.has(stem(this.lang, t)))
          tokens.push({ word: t, weight: segment.weight });
        else {
          const fixed = this.correct(t);
          tokens.push(
            fixed
              ? { word: t, corrected: fixed, weight: segment.weight }
              : { word: t, weight: segment.weight },
          );
        }
      }
    }
    const stems = tokens.map((t) => stem(this.lang, t.corrected ?? t.word));
    const matches = this.phrases.match(stems, false);
    const unitsAt = groupPositions(stems.length, matches);
    const units: QueryUnit[] = [];
    const seen = new Set<string>();
    for (const positions of unitsAt) {
      const concepts = matches
        .filter((m) => m.positions.some((p) => positions.includes(p)))
        .map((m) => m.concept);
      const partCredit = concepts.length ? PART_OF_PHRASE : 1;
      const alternatives = new Map<string, number>();
      for (const c of concepts) alternatives.set(c, 1);
      for (const p of positions) {
        const s = stems[p] as string;
        const typo = tokens[p]?.corrected ? TYPO_MATCH : 1;
        alternatives.set(s, Math.max(alternatives.get(s) ?? 0, partCredit * typo));
        if (!this.df.has(s) && !concepts.length)
          for (const f of this.family(s))
            alternatives.set(f, Math.max(alternatives.get(f) ?? 0, FAMILY_MATCH));
      }
      const key = [...alternatives.keys()].sort().join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const list = [...alternatives].map(([term, credit]) => ({ term, credit }));
      const knownTerms = list.filter((a) => this.df.has(a.term));
      const known = knownTerms.length > 0;
      const words = positions.map((p) => tokens[p]?.word as string);
      const topical = concepts.length > 0 || known || words.some((w) => this.phrases.words.has(w));
      const segmentWeight = Math.max(...positions.map((p) => tokens[p]?.weight ?? 1));
      // The unit weighs as its most telling known term (concepts first); unknown, as the rarest possible.
      const best = knownTerms.sort(
        (a, b) => b.credit - a.credit || this.weight(b.term) - this.weight(a.term),
      )[0];
      const idf = best ? this.weight(best.term) : this.weight('');
      const generic = !concepts.length && words.every((w) => isGenericWord(this.lang, w));
      const weight = idf * segmentWeight * (topical ? 1 : STRANGER_WEIGHT) * (generic ? GENERIC_WEIGHT : 1);
      const corrected = positions.map((p) => tokens[p]?.corrected).find(Boolean);
      units.push({ words, alternatives: list, weight, known, topical, ...(corrected ? { corrected } : {}) });
    }
    const total = units.reduce((sum, u) => sum + u.weight, 0);
    const unknownTopical = units.filter((u) => !u.known && u.topical).reduce((sum, u) => sum + u.weight, 0);
    return { units, total, unknownTopical };
  }

  /** The entries that best answer a question, best first, with the analysis of the question. */
  search(text: string, limit = 5, accept: (entry: KbEntry) => boolean = () => true): IndexResult {
    const query = this.analyzeQuery(text);
    const { units, total } = query;
    if (total === 0 || this.docs.length === 0) return { results: [], query };
    // Candidates: entries holding the rarest terms, pre-scored by the weight of the units they satisfy.
    const terms = new Map<string, number>();
    for (const u of units)
      for (const a of u.alternatives)
        if (this.df.has(a.term)) terms.set(a.term, Math.max(terms.get(a.term) ?? 0, u.weight * a.credit));
    let n = 0;
    let postings = 0;
    for (const term of [...terms.keys()].sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0))) {
      const list = this.postings.get(term);
      if (!list) continue;
      if (postings > 0 && postings + list.length > MAX_POSTINGS) break;
      postings += list.length;
      const w = terms.get(term) ?? 0;
      for (const id of list) {
        if (this.acc[id] === 0) this.touched[n++] = id;
        this.acc[id] = (this.acc[id] ?? 0) + w;
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
      for (const u of units) {
        let best = 0;
        for (const a of u.alternatives) best = Math.max(best, a.credit * (doc.terms.get(a.term) ?? 0));
        covered += u.weight * best;
      }
      let phrasing = 0;
      for (const p of doc.phrasings) {
        let have = 0;
        for (const pu of p.units) {
          let credit = 0;
          for (const t of pu.terms) credit = Math.max(credit, terms.has(t) ? creditOf(units, t) : 0);
          have += pu.weight * credit;
        }
        if (p.total > 0) phrasing = Math.max(phrasing, have / p.total);
      }
      const coverage = covered / total;
      scored.push({
        entry: doc.entry,
        score: QUERY_SHARE * coverage + PHRASING_SHARE * phrasing,
        coverage,
        phrasing,
        evidence: covered / this.weight(''),
      });
      if (scored.length >= CANDIDATES) break;
    }
    const results = scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((r) => ({
        ...r,
        score: round(r.score),
        coverage: round(r.coverage),
        phrasing: round(r.phrasing),
        evidence: round(r.evidence),
      }));
    return { results, query };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The best credit any unit gives a term. */
function creditOf(units: readonly QueryUnit[], term: string): number {
  let best = 0;
  for (const u of units) for (const a of u.alternatives) if (a.term === term) best = Math.max(best, a.credit);
  return best;
}

/** Groups positions into units: positions a phrase took together form one unit; the rest one each. */
function groupPositions(length: number, matches: ReadonlyArray<{ positions: number[] }>): number[][] {
  const parent = Array.from({ length }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    return root;
  };
  for (const m of matches)
    for (const p of m.positions.slice(1)) parent[find(p)] = find(m.positions[0] as number);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < length; i++) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()];
}

/** The units of a phrasing: the terms (stems and concepts) that satisfy each. */
function groupUnits(
  stems: readonly string[],
  matches: ReadonlyArray<{ concept: string; positions: number[] }>,
): string[][] {
  return groupPositions(stems.length, matches).map((positions) => {
    const terms = new Set(positions.map((p) => stems[p] as string));
    for (const m of matches) if (m.positions.some((p) => positions.includes(p))) terms.add(m.concept);
    return [...terms];
  });
}
