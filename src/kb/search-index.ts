import SearchableMap from 'minisearch/SearchableMap';
import { BoundedMap } from '../engine/bounded-map';
import { stem } from './analyzer';
import type { KbEntry, KbLang } from './entry';
import { type PhraseMatch, type PhraseMatcher, phraseWords } from './phrase-matcher';
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
  /** Share of the question's weight found in the entry's title and tags (what the entry is about). */
  topic: number;
  /** How fully the entry satisfies the question's heaviest unit (its main topic, usually). */
  key: number;
  /** Share of the question's units (counted, not weighed) the entry satisfies at least half-way. */
  units: number;
  /** True when the entry satisfies a service or topic the question names (not an aspect, not another body). */
  named: boolean;
  /** Share of the question's weight outside its aspects (hours, cost…) that the entry satisfies. */
  substance: number;
  /** Share of the question's weight found in the title, questions and tags (not only the body). */
  strong: number;
  /** The largest share of one of the entry's phrasings that the question covers. */
  recall: number;
}

/** An entry found by another source than the words (semantic retrieval): every lexical figure at 0. */
export function unscored(entry: KbEntry): ScoredEntry {
  return {
    entry,
    score: 0,
    coverage: 0,
    phrasing: 0,
    evidence: 0,
    topic: 0,
    key: 0,
    units: 0,
    named: false,
    substance: 0,
    strong: 0,
    recall: 0,
  };
}

/** One meaningful piece of a question: a word, or a phrase recognised as a concept, with its alternatives. */
export interface QueryUnit {
  /** The words as written (folded). */
  words: string[];
  /** Concepts (`~id`) that satisfy it fully. */
  concepts: string[];
  /** Its meaningful words: each satisfied by one of its terms (stem, word family) for its share. */
  parts: Array<{ share: number; alternatives: Array<{ term: string; credit: number }> }>;
  /** Every term that satisfies it at least in part, with the most it contributes (for candidates). */
  alternatives: Array<{ term: string; credit: number }>;
  /** How much the unit decides: rarity in the entries times the weight of its sentence. */
  weight: number;
  /** True when some alternative occurs in the entries. */
  known: boolean;
  /** How fully the entries know it: the best credit among alternatives that occur in them (0–1). */
  knownCredit: number;
  /** True when the unit names a public-service topic (lexicon or entries' words), known here or not. */
  topical: boolean;
  /** True when the unit names a service or topic (a lexicon concept or keyword), whether entries have it or not. */
  names: boolean;
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
  /** Share of units (counted) that neither the entries nor the lexicon know: names, chatter, other topics. */
  strangers: number;
  /** The question names another public body's service (a passport, a pension) that no entry covers. */
  otherBody: boolean;
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
  /** Terms of the title and tags. */
  topic: Set<string>;
  /** Units of the title and of each question, for the reverse check. */
  phrasings: Phrasing[];
}

/** The units of one phrasing (title or question): each a set of terms that satisfy it, with a weight. */
interface Phrasing {
  units: Array<{ terms: string[]; weight: number }>;
  total: number;
}

/** A sentence's words ready for matching: stems, and whether each word means something on its own. */
interface Analyzed {
  stems: string[];
  words: string[];
  meaningful: boolean[];
}

/** Lines and sentences of an entry's text: phrases are never recognised across them. */
const SENTENCE = /[\n.;:!?]+|\s[-–•*]\s/;

// Shares of the ranking score: how much of the question the entry covers, and how much of the closest of the
// entry's own phrasings the question covers (so "carta d'identità" alone is less sure than a full question).
const QUERY_SHARE = 0.7;
const PHRASING_SHARE = 0.3;
const BODY_MATCH = 0.5;
const TYPO_MATCH = 0.85;
/** Credit of a word of the same family (common stem prefix), e.g. "iscriv-" for "iscrizion-". */
const FAMILY_MATCH = 0.8;
/** Weight, against a known word's, of a word neither the entries nor the lexicon know (a name, chatter). */
const STRANGER_WEIGHT = 0.4;
/** Weight, against a topic word's, of one of the language's most common words ("tempo", "volta"). */
const GENERIC_WEIGHT = 0.5;
/** Weight, against a service's, of an aspect of the question (hours, cost, deadline). */
const FACET_WEIGHT = 0.5;
/** Extra weight of a recognised phrase for each meaningful word beyond the first. */
const PHRASE_BONUS = 0.5;
const CANDIDATES = 30;
/** Candidates holding less than this share of the best one's matched weight are not scored. */
const CANDIDATE_SHARE = 0.25;
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
  /** Typo corrections already worked out (a fuzzy search of the vocabulary is the costliest step). */
  private readonly corrections = new BoundedMap<string, string | null>(20_000);

  constructor(
    readonly lang: KbLang,
    entries: readonly KbEntry[],
    private readonly phrases: PhraseMatcher,
  ) {
    for (const w of phrases.words) this.words.set(w, (this.words.get(w) ?? 0) + 1);
    const lists = new Map<string, number[]>();
    entries.forEach((entry, id) => {
      const titleAndTags = this.docTerms([entry.title, ...entry.tags].join('\n'));
      const topic = new Set(titleAndTags);
      const strong = [...titleAndTags, ...this.docTerms(entry.questions.join('\n'))];
      // Link targets, e-mail addresses and URLs are not words of the answer ("protocollo@pec…" is no topic).
      const bodyText = entry.body.replace(/\]\([^)]*\)/g, ']').replace(/\S+@\S+|https?:\/\/\S+/g, ' ');
      const body = this.docTerms(bodyText);
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
      this.docs.push({ entry, terms, topic, phrasings: [] });
    });
    for (const [s, ids] of lists) this.postings.set(s, Uint32Array.from(ids));
    // Phrasing weights depend on every entry's terms: known only now.
    for (const doc of this.docs) {
      for (const text of [doc.entry.title, ...doc.entry.questions]) {
        const a = this.analyze(text);
        const units = toUnits(a, this.phrases.match(a.stems, 'entry')).map((u) => ({
          terms: u.terms,
          weight: Math.max(...u.terms.map((t) => this.weight(t))),
        }));
        if (units.length) doc.phrasings.push({ units, total: units.reduce((sum, u) => sum + u.weight, 0) });
      }
    }
    this.acc = new Float64Array(entries.length);
    this.touched = new Uint32Array(entries.length);
  }

  /** Number of entries in the index. */
  get size(): number {
    return this.docs.length;
  }

  /** The words of a text without grammar words, their stems, and which mean something on their own. */
  private analyze(text: string, correct = false): Analyzed & { corrected: Array<string | undefined> } {
    const words = phraseWords(this.lang, text);
    const meaningful = words.map((w) => !isStopword(this.lang, w));
    const corrected = words.map((w, i) =>
      correct &&
      meaningful[i] &&
      !this.words.has(w) &&
      !isGenericWord(this.lang, w) &&
      !this.df.has(stem(this.lang, w))
        ? this.correct(w)
        : undefined,
    );
    const stems = words.map((w, i) => stem(this.lang, corrected[i] ?? w));
    return { stems, words, meaningful, corrected };
  }

  /** Terms of an entry's text: stems of its meaningful words and the concepts its sentences name. */
  private docTerms(text: string): string[] {
    const out: string[] = [];
    for (const sentence of text.split(SENTENCE)) {
      const a = this.analyze(sentence);
      a.words.forEach((w, i) => {
        if (!a.meaningful[i]) return;
        this.words.set(w, (this.words.get(w) ?? 0) + 1);
        out.push(a.stems[i] as string);
      });
      for (const m of this.phrases.match(a.stems, 'entry')) out.push(m.concept);
    }
    return out;
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
    const known = this.corrections.get(word);
    if (known !== undefined) return known ?? undefined;
    const found = this.closest(word);
    this.corrections.set(word, found ?? null);
    return found;
  }

  private closest(word: string): string | undefined {
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
    const units: QueryUnit[] = [];
    const seen = new Set<string>();
    for (const segment of segmentMessage(text, this.lang)) {
      // Typos are looked for where the question is; the story around it rarely decides the entry.
      const a = this.analyze(segment.text, segment.weight >= 1);
      for (const u of toUnits(a, this.phrases.match(a.stems, 'question'))) {
        const meaningful = u.positions.filter((p) => a.meaningful[p]);
        if (!meaningful.length && !u.concepts.length) continue;
        // Without its concept, an entry satisfies a phrase by its words, each counting for its share.
        const share = 1 / Math.max(1, meaningful.length);
        const parts = meaningful.map((p) => {
          const s = a.stems[p] as string;
          const alts = [{ term: s, credit: a.corrected[p] ? TYPO_MATCH : 1 }];
          if (!this.df.has(s)) for (const f of this.family(s)) alts.push({ term: f, credit: FAMILY_MATCH });
          return { share, alternatives: alts };
        });
        const alternatives = new Map<string, number>();
        for (const c of u.concepts) alternatives.set(c, 1);
        for (const part of parts)
          for (const x of part.alternatives)
            alternatives.set(x.term, Math.max(alternatives.get(x.term) ?? 0, x.credit * part.share));
        const key = [...alternatives.keys()].sort().join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        const words = u.positions.map((p) => a.words[p] as string);
        const knownConcepts = u.concepts.filter((c) => this.df.has(c));
        const knownParts = parts.filter((part) => part.alternatives.some((x) => this.df.has(x.term)));
        const knownCredit = knownConcepts.length ? 1 : knownParts.reduce((sum, part) => sum + part.share, 0);
        const known = knownConcepts.length > 0 || knownParts.length > 0;
        const names =
          u.concepts.some((c) => !this.phrases.facets.has(c)) ||
          (!u.concepts.length && words.some((w) => this.phrases.keywords.has(w)));
        const topical = names || known;
        // A unit is as telling as the commonest concept that satisfies it ("gratis" is rare, but the reduction
        // it names is in many entries), else as its rarest known word; unknown, as the rarest possible.
        const partTerms = knownParts.flatMap((part) => part.alternatives.filter((x) => this.df.has(x.term)));
        const idf = knownConcepts.length
          ? Math.min(...knownConcepts.map((c) => this.weight(c)))
          : partTerms.length
            ? Math.max(...partTerms.map((x) => this.weight(x.term)))
            : this.weight('');
        const generic = !u.concepts.length && words.every((w) => isGenericWord(this.lang, w));
        // A phrase of several words recognised as one concept says more than any one of its words.
        const bonus = u.concepts.length ? 1 + PHRASE_BONUS * Math.max(0, meaningful.length - 1) : 1;
        // An aspect (hours, cost) tells entries of one service apart but never picks the service.
        const facet = u.concepts.length > 0 && u.concepts.every((c) => this.phrases.facets.has(c));
        const weight =
          idf *
          segment.weight *
          (topical ? 1 : STRANGER_WEIGHT) *
          (generic ? GENERIC_WEIGHT : 1) *
          (facet ? FACET_WEIGHT : 1) *
          bonus;
        const corrected = u.positions.map((p) => a.corrected[p]).find(Boolean);
        units.push({
          words,
          concepts: u.concepts,
          parts,
          alternatives: [...alternatives].map(([term, credit]) => ({ term, credit })),
          weight,
          known,
          knownCredit,
          topical,
          names,
          ...(corrected ? { corrected } : {}),
        });
      }
    }
    const total = units.reduce((sum, u) => sum + u.weight, 0);
    // A topic the entries do not know, or know only through a side word of its phrase ("rinnovo" of "rinnovo
    // del passaporto"), is evidence that the question is about something the knowledge base does not cover.
    const unknownTopical = units
      .filter((u) => u.names)
      .reduce((sum, u) => sum + u.weight * (1 - u.knownCredit), 0);
    const strangers = units.length ? units.filter((u) => !u.topical).length / units.length : 0;
    return { units, total, unknownTopical, strangers, otherBody: false };
  }

  /** The entries that best answer a question, best first, with the analysis of the question. */
  search(text: string, limit = 5, accept: (entry: KbEntry) => boolean = () => true): IndexResult {
    const query = this.analyzeQuery(text);
    const { units, total } = query;
    if (total === 0 || this.docs.length === 0) {
      const otherBody = units.some((u) => u.concepts.some((c) => this.phrases.otherBodies.has(c)));
      return { results: [], query: { ...query, otherBody } };
    }
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
    // Only entries holding a fair share of the best candidate's weight can come first: sort just those.
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, this.acc[this.touched[i] as number] ?? 0);
    const floor = top * CANDIDATE_SHARE;
    const kept: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.touched[i] as number;
      if ((this.acc[id] ?? 0) >= floor) kept.push(id);
    }
    const candidates = kept.sort((a, b) => (this.acc[b] ?? 0) - (this.acc[a] ?? 0));
    for (let i = 0; i < n; i++) this.acc[this.touched[i] as number] = 0;
    const heaviest = units.reduce((a, b) => (b.weight > a.weight ? b : a));
    const isFacet = units.map(
      (u) => u.concepts.length > 0 && u.concepts.every((c) => this.phrases.facets.has(c)),
    );
    const substanceTotal = units.reduce((sum, u, i) => sum + (isFacet[i] ? 0 : u.weight), 0);
    const credits = new Map<string, number>();
    for (const u of units)
      for (const a of u.alternatives) credits.set(a.term, Math.max(credits.get(a.term) ?? 0, a.credit));
    const scored: ScoredEntry[] = [];
    // How well the best candidate satisfies each unit: a named topic no entry satisfies is out of scope.
    const unitBest = new Float64Array(units.length);
    for (const id of candidates) {
      const doc = this.docs[id];
      if (!doc || !accept(doc.entry)) continue;
      let covered = 0;
      let inTopic = 0;
      let inStrong = 0;
      let key = 0;
      let matchedUnits = 0;
      let named = false;
      let substance = 0;
      for (let ui = 0; ui < units.length; ui++) {
        const u = units[ui] as QueryUnit;
        let best = 0;
        let topical = 0;
        let strongMatch = 0;
        for (const c of u.concepts) {
          const field = doc.terms.get(c) ?? 0;
          best = Math.max(best, field);
          if (field >= 1) strongMatch = 1;
          if (doc.topic.has(c)) topical = 1;
        }
        let byParts = 0;
        let strongParts = 0;
        let topicParts = 0;
        for (const part of u.parts) {
          let b = 0;
          let st = 0;
          let tp = 0;
          for (const x of part.alternatives) {
            const field = doc.terms.get(x.term) ?? 0;
            b = Math.max(b, x.credit * field);
            if (field >= 1) st = Math.max(st, x.credit);
            if (doc.topic.has(x.term)) tp = Math.max(tp, x.credit);
          }
          byParts += part.share * b;
          strongParts += part.share * st;
          topicParts += part.share * tp;
        }
        // A phrase only partly found is weak evidence: two words of three count for 4/9, not 2/3.
        if (u.parts.length > 1) byParts *= byParts;
        best = Math.max(best, byParts);
        unitBest[ui] = Math.max(unitBest[ui] ?? 0, best);
        strongMatch = Math.max(strongMatch, strongParts);
        topical = Math.max(topical, topicParts);
        covered += u.weight * best;
        inTopic += u.weight * topical;
        inStrong += u.weight * strongMatch;
        if (u === heaviest) key = best;
        if (best >= 0.5) matchedUnits++;
        if (!isFacet[ui]) substance += u.weight * best;
        if (
          best >= 0.5 &&
          u.names &&
          u.concepts.some((c) => !this.phrases.facets.has(c) && !this.phrases.otherBodies.has(c))
        )
          named = true;
      }
      let phrasing = 0;
      let recall = 0;
      for (const p of doc.phrasings) {
        let have = 0;
        for (const pu of p.units) {
          let credit = 0;
          for (const t of pu.terms) credit = Math.max(credit, credits.get(t) ?? 0);
          have += pu.weight * credit;
        }
        // Both ways: a short generic phrasing ("Quanto costa?") covered by a long question is no match.
        const a = p.total > 0 ? Math.min(1, have / p.total) : 0;
        const b = Math.min(1, have / total);
        recall = Math.max(recall, a);
        if (a + b > 0) phrasing = Math.max(phrasing, (2 * a * b) / (a + b));
      }
      const coverage = covered / total;
      scored.push({
        entry: doc.entry,
        score: QUERY_SHARE * coverage + PHRASING_SHARE * phrasing,
        coverage,
        phrasing,
        evidence: covered / this.weight(''),
        topic: inTopic / total,
        key,
        units: matchedUnits / units.length,
        named,
        substance: substanceTotal > 0 ? substance / substanceTotal : 0,
        strong: inStrong / total,
        recall,
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
        topic: round(r.topic),
        key: round(r.key),
        units: round(r.units),
        substance: round(r.substance),
      }));
    let unknownTopical = 0;
    let otherBody = false;
    units.forEach((u, i) => {
      const best = Math.min(1, unitBest[i] ?? 0);
      if (u.names) unknownTopical += u.weight * (1 - best);
      if (best < 0.5 && u.concepts.some((c) => this.phrases.otherBodies.has(c))) otherBody = true;
    });
    return { results, query: { ...query, unknownTopical, otherBody } };
  }
}

/** One unit of a text: a recognised phrase (its concepts) or a single meaningful word. */
interface TextUnit {
  positions: number[];
  concepts: string[];
  /** Words of the phrase (1 for a single word). */
  length: number;
  /** Stems of its meaningful words and its concepts. */
  terms: string[];
}

/**
 * Splits analysed words into units: all the words that name one concept form one unit (however many of its
 * phrases matched), concepts named by exactly the same words share a unit, and every meaningful word no
 * phrase took is a unit of its own. Different concepts over overlapping words stay apart, so a question is
 * never satisfied by the weaker of two concepts.
 */
function toUnits(a: Analyzed, matches: readonly PhraseMatch[]): TextUnit[] {
  const byConcept = new Map<string, { positions: Set<number>; length: number }>();
  for (const m of matches) {
    const c = byConcept.get(m.concept) ?? { positions: new Set<number>(), length: 0 };
    for (const p of m.positions) c.positions.add(p);
    c.length = Math.max(c.length, m.length);
    byConcept.set(m.concept, c);
  }
  const byPositions = new Map<string, TextUnit>();
  const taken = new Set<number>();
  for (const [concept, c] of byConcept) {
    const positions = [...c.positions].sort((x, y) => x - y);
    const key = positions.join(',');
    const unit = byPositions.get(key);
    if (unit) {
      unit.concepts.push(concept);
      unit.length = Math.max(unit.length, c.length);
    } else byPositions.set(key, { positions, concepts: [concept], length: c.length, terms: [] });
    for (const p of positions) taken.add(p);
  }
  const units = [...byPositions.values()];
  a.stems.forEach((_, p) => {
    if (!taken.has(p) && a.meaningful[p]) units.push({ positions: [p], concepts: [], length: 1, terms: [] });
  });
  for (const u of units)
    u.terms = [
      ...new Set([
        ...u.concepts,
        ...u.positions.filter((p) => a.meaningful[p]).map((p) => a.stems[p] as string),
      ]),
    ];
  return units.sort((x, y) => (x.positions[0] ?? 0) - (y.positions[0] ?? 0));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
