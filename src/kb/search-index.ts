import { stem } from './analyzer';
import type { KbEntry, KbLang } from './entry';
import { BODY_MATCH, type DocInfo, type ScoringContext, scoreEntry } from './entry-scoring';
import type { Associations } from './lexicon/associations';
import type { Glossary } from './lexicon/glossary';
import type { Neighbours, QuestionBank } from './lexicon/question-bank';
import type { Thesaurus } from './lexicon/thesaurus';
import { type PhraseMatcher, phraseWords } from './phrase-matcher';
import { PlainRanking } from './plain-ranking';
import type { IndexResult, QueryAnalysis, QueryReading, QueryUnit, ReadUnit } from './scored-entry';
import { isStopword } from './stopwords';
import { isGenericWord } from './text/generic-words';
import { segmentMessage } from './text/segments';
import { type Analyzed, toUnits } from './text-units';
import { Vocabulary } from './vocabulary';

export type { IndexResult, QueryAnalysis, QueryReading, QueryUnit, ScoredEntry } from './scored-entry';
export { unscored } from './scored-entry';

/** Clause breaks inside a sentence of a question: a phrase is never recognised across them. */
const CLAUSE = /[,()]|\s[-–—]\s/;

/**
 * The clause (0, 1, …) of each word of {@link phraseWords} of a sentence: "torno al lavoro, il comune ha un
 * posto…" holds no "posto di lavoro in comune". Every clause 0 when the words do not line up (never seen).
 */
function clauseOfWords(lang: KbLang, sentence: string, count: number): number[] {
  const out = sentence.split(CLAUSE).flatMap((part, i) => phraseWords(lang, part).map(() => i));
  return out.length === count ? out : new Array<number>(count).fill(0);
}

/** Lines and sentences of an entry's text: phrases are never recognised across them. */
const SENTENCE = /[\n.;:!?]+|\s[-–•*]\s/;

const TYPO_MATCH = 0.85;
/** Credit of a synonym of a word no entry uses ("spazzatura" for "rifiuti"). */
const SYNONYM_MATCH = 0.7;
/** Credit of a word's translation, for a question read against the other language's entries. */
const TRANSLATED = 0.8;
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
/** How many of the best entries the plain second ranking compares. */
const PLAIN_CHECKED = 5;
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
  /** The entries' and phrases' words and stems: typo correction and word families. */
  private readonly vocabulary = new Vocabulary();
  private readonly plain: PlainRanking;
  /** Per entry: the pages of other comuni its questions are compared with (the question bank). */
  private readonly neighbours: Neighbours[];

  constructor(
    readonly lang: KbLang,
    entries: readonly KbEntry[],
    private readonly phrases: PhraseMatcher,
    private readonly glossary?: Glossary,
    private readonly thesaurus?: Thesaurus,
    private readonly associations?: Associations,
    private readonly bank?: QuestionBank,
  ) {
    for (const w of phrases.words) this.vocabulary.addWord(w);
    this.plain = new PlainRanking(lang, entries);
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
        if (!s.startsWith('~')) this.vocabulary.addStem(s);
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
        const units = toUnits(a, this.phrases.match(a.stems, 'entry', a.meaningful)).map((u) => ({
          terms: u.terms,
          weight: Math.max(...u.terms.map((t) => this.weight(t))),
        }));
        if (units.length) doc.phrasings.push({ units, total: units.reduce((sum, u) => sum + u.weight, 0) });
      }
    }
    this.neighbours = this.docs.map((doc) => bank?.neighbours(lang, profileOf(doc)) ?? []);
    this.acc = new Float64Array(entries.length);
    this.touched = new Uint32Array(entries.length);
  }

  /** Number of entries in the index. */
  get size(): number {
    return this.docs.length;
  }

  /**
   * An entry's terms as the index reads them: stems of its title, tags and questions, every term, and the
   * profile the question bank matches with other comuni's pages.
   */
  termsOf(entryId: string): { strong: string[]; all: ReadonlySet<string>; profile: string[] } | undefined {
    const doc = this.docs.find((d) => d.entry.id === entryId);
    if (!doc) return undefined;
    const strong = [...doc.terms].filter(([t, w]) => w >= 1 && !t.startsWith('~')).map(([t]) => t);
    return { strong, all: new Set(doc.terms.keys()), profile: profileOf(doc) };
  }

  /** The words of a text without grammar words, their stems, and which mean something on their own. */
  private analyze(text: string, correct = false): Analyzed & { corrected: Array<string | undefined> } {
    const words = phraseWords(this.lang, text);
    const meaningful = words.map((w) => !isStopword(this.lang, w));
    const corrected = words.map((w, i) =>
      correct &&
      meaningful[i] &&
      !this.vocabulary.has(w) &&
      !isGenericWord(this.lang, w) &&
      !this.df.has(stem(this.lang, w))
        ? this.vocabulary.correct(w)
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
        this.vocabulary.addWord(w);
        out.push(a.stems[i] as string);
      });
      for (const m of this.phrases.match(a.stems, 'entry', a.meaningful)) out.push(m.concept);
    }
    return out;
  }

  private weight(term: string): number {
    return Math.log((this.docs.length + 1) / ((this.df.get(term) ?? 0) + 0.5));
  }

  /**
   * Reads a question in this index's language: sentences weighed, typos corrected against these entries'
   * words, phrases recognised. The reading holds no figure of the entries, so another language's index can
   * weigh it too (concepts are shared across languages: "civil union" and "unione civile" are one).
   */
  readQuery(text: string): QueryReading {
    const units: ReadUnit[] = [];
    const stems: string[] = [];
    for (const segment of segmentMessage(text, this.lang)) {
      // Typos are looked for where the question is; the story around it rarely decides the entry.
      const a = this.analyze(segment.text, segment.weight >= 1);
      a.stems.forEach((st, i) => {
        if (a.meaningful[i]) stems.push(st);
      });
      const clause = clauseOfWords(this.lang, segment.text, a.words.length);
      const matches = this.phrases
        .match(a.stems, 'question', a.meaningful)
        .filter((m) => m.positions.every((p) => clause[p] === clause[m.positions[0] as number]));
      for (const u of toUnits(a, matches)) {
        const meaningful = u.positions.filter((p) => a.meaningful[p]);
        if (!meaningful.length && !u.concepts.length) continue;
        const words = u.positions.map((p) => a.words[p] as string);
        const corrected = u.positions.map((p) => a.corrected[p]).find(Boolean);
        units.push({
          words,
          concepts: u.concepts,
          stems: meaningful.map((p) => ({ stem: a.stems[p] as string, corrected: Boolean(a.corrected[p]) })),
          sentenceWeight: segment.weight,
          names:
            u.concepts.some((c) => !this.phrases.facets.has(c)) ||
            (!u.concepts.length && words.some((w) => this.phrases.keywords.has(w))),
          generic: !u.concepts.length && words.every((w) => isGenericWord(this.lang, w)),
          facet: u.concepts.length > 0 && u.concepts.every((c) => this.phrases.facets.has(c)),
          familiar: u.positions.some(
            (p) =>
              a.meaningful[p] &&
              (this.vocabulary.has(a.words[p] as string) || this.df.has(a.stems[p] as string)),
          ),
          ...(corrected ? { corrected } : {}),
        });
      }
    }
    return { lang: this.lang, units, stems };
  }

  /** Weighs a reading against these entries: what they know of each unit, and how rare it is in them. */
  weighQuery(reading: QueryReading): QueryAnalysis {
    const units: QueryUnit[] = [];
    const seen = new Set<string>();
    // Word families are this language's: a foreign reading's words match these entries as written or through
    // the glossary's translations.
    const own = reading.lang === this.lang;
    for (const u of reading.units) {
      // Without its concept, an entry satisfies a phrase by its words, each counting for its share.
      const share = 1 / Math.max(1, u.stems.length);
      const parts = u.stems.map(({ stem: s, corrected }) => {
        const alts = [{ term: s, credit: corrected ? TYPO_MATCH : 1 }];
        // A word no entry uses is read through its family ("iscrizione" for "iscriversi") and its synonyms
        // ("spazzatura" for "rifiuti"); a word some entry uses keeps its own meaning.
        if (own && !this.df.has(s)) {
          for (const f of this.vocabulary.family(s)) alts.push({ term: f, credit: FAMILY_MATCH });
          for (const t of this.thesaurus?.synonyms(s) ?? []) alts.push({ term: t, credit: SYNONYM_MATCH });
        }
        // A foreign reading's words reach these entries through their translations ("library", "biblioteca").
        if (!own && this.glossary)
          for (const t of this.glossary.translate(reading.lang, s))
            alts.push({ term: t, credit: TRANSLATED });
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
      const knownConcepts = u.concepts.filter((c) => this.df.has(c));
      const knownParts = parts.filter((part) => part.alternatives.some((x) => this.df.has(x.term)));
      const knownCredit = knownConcepts.length ? 1 : knownParts.reduce((sum, part) => sum + part.share, 0);
      const known = knownConcepts.length > 0 || knownParts.length > 0;
      // Words of the question's language this index cannot read are not chatter: they weigh in full.
      const topical = u.names || known || (!own && u.familiar);
      // A unit is as telling as the commonest concept that satisfies it ("gratis" is rare, but the reduction
      // it names is in many entries), else as its rarest known word; unknown, as the rarest possible.
      const partTerms = knownParts.flatMap((part) => part.alternatives.filter((x) => this.df.has(x.term)));
      const idf = knownConcepts.length
        ? Math.min(...knownConcepts.map((c) => this.weight(c)))
        : partTerms.length
          ? Math.max(...partTerms.map((x) => this.weight(x.term)))
          : this.weight('');
      // A phrase of several words recognised as one concept says more than any one of its words.
      const bonus = u.concepts.length ? 1 + PHRASE_BONUS * Math.max(0, u.stems.length - 1) : 1;
      // An aspect (hours, cost) tells entries of one service apart but never picks the service.
      const weight =
        idf *
        u.sentenceWeight *
        (topical ? 1 : STRANGER_WEIGHT) *
        (u.generic ? GENERIC_WEIGHT : 1) *
        (u.facet ? FACET_WEIGHT : 1) *
        bonus;
      units.push({
        words: u.words,
        concepts: u.concepts,
        parts,
        alternatives: [...alternatives].map(([term, credit]) => ({ term, credit })),
        weight,
        known,
        knownCredit,
        topical,
        names: u.names,
        ...(u.corrected ? { corrected: u.corrected } : {}),
      });
    }
    const total = units.reduce((sum, u) => sum + u.weight, 0);
    // A topic the entries do not know, or know only through a side word of its phrase ("rinnovo" of "rinnovo
    // del passaporto"), is evidence that the question is about something the knowledge base does not cover.
    const unknownTopical = units
      .filter((u) => u.names)
      .reduce((sum, u) => sum + u.weight * (1 - u.knownCredit), 0);
    const strangers = units.length ? units.filter((u) => !u.topical).length / units.length : 0;
    return {
      units,
      total,
      unknownTopical,
      strangers,
      otherBody: false,
      stems: reading.stems,
      ...(own ? {} : { foreign: true }),
    };
  }

  /** The words the plain reading compares: a foreign reading's own and, when known, their translations. */
  private plainStems(reading: QueryReading): readonly string[] {
    if (reading.lang === this.lang || !this.glossary) return reading.stems;
    const glossary = this.glossary;
    return reading.stems.flatMap((s) => [s, ...glossary.translate(reading.lang, s)]);
  }

  /** The entries that best answer a question, best first, with the analysis of the question. */
  search(text: string, limit = 5, accept: (entry: KbEntry) => boolean = () => true): IndexResult {
    return this.searchReading(this.readQuery(text), limit, accept);
  }

  /** The entries that best answer a question already read, in this language or another. */
  searchReading(
    reading: QueryReading,
    limit = 5,
    accept: (entry: KbEntry) => boolean = () => true,
  ): IndexResult {
    const query = this.weighQuery(reading);
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
    const candidates = this.heaviest(n, floor, accept);
    for (let i = 0; i < n; i++) this.acc[this.touched[i] as number] = 0;
    const isFacet = units.map(
      (u) => u.concepts.length > 0 && u.concepts.every((c) => this.phrases.facets.has(c)),
    );
    const credits = new Map<string, number>();
    for (const u of units)
      for (const a of u.alternatives) credits.set(a.term, Math.max(credits.get(a.term) ?? 0, a.credit));
    const ctx: ScoringContext = {
      units,
      total,
      heaviest: units.reduce((a, b) => (b.weight > a.weight ? b : a)),
      isFacet,
      substanceTotal: units.reduce((sum, u, i) => sum + (isFacet[i] ? 0 : u.weight), 0),
      credits,
      rarest: this.weight(''),
      unitBest: new Float64Array(units.length),
      namesService: (c) => !this.phrases.facets.has(c) && !this.phrases.otherBodies.has(c),
      otherBody: (c) => this.phrases.otherBodies.has(c),
    };
    const scored = candidates.map((id) => ({ id, r: scoreEntry(this.docs[id] as DocInfo, ctx) }));
    const best = scored.sort((a, b) => b.r.score - a.r.score).slice(0, Math.max(limit, PLAIN_CHECKED));
    // A second, plain reading of the question compares the best few: agreement is evidence of its own.
    const plain = this.plain.score(
      best.slice(0, PLAIN_CHECKED).map((x) => x.id),
      this.plainStems(reading),
    );
    const topPlain = Math.max(0, ...plain);
    // How well each entry explains the question's words, as written or through the associations learned from
    // other comuni's citizens; a question in the other language, as written or through the glossary.
    const asked = new Set(reading.stems);
    const own = reading.lang === this.lang;
    const glossary = this.glossary;
    const associated = (id: number) => {
      const doc = this.docs[id];
      if (!doc || !this.associations) return 0;
      const term = (t: string) => doc.terms.get(t) ?? 0;
      if (own) return this.associations.score(this.lang, asked, term);
      const translated = (w: string) =>
        Math.max(term(w), ...(glossary?.translate(reading.lang, w) ?? []).map(term));
      return this.associations.score(reading.lang, asked, translated, false);
    };
    // How closely the question resembles one other comuni's citizens asked of the same service.
    const bankScore = own ? this.bank?.scorer(this.lang, asked) : undefined;
    const banked = (id: number) => bankScore?.(this.neighbours[id] ?? []) ?? 0;
    const results = best.slice(0, limit).map(({ id, r }, i) => ({
      ...r,
      bank: round(banked(id)),
      plain: topPlain > 0 && i < plain.length ? round((plain[i] ?? 0) / topPlain) : 0,
      assoc: round(associated(id)),
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
      const best = Math.min(1, ctx.unitBest[i] ?? 0);
      if (u.names) unknownTopical += u.weight * (1 - best);
      if (best < 0.5 && u.concepts.some((c) => this.phrases.otherBodies.has(c))) otherBody = true;
    });
    return { results, query: { ...query, unknownTopical, otherBody } };
  }

  /**
   * The first CANDIDATES accepted entries among the touched ones holding at least `floor`, heaviest first
   * (ties in the order they were touched): a selection, not a sort of the thousands a common word touches.
   */
  private heaviest(n: number, floor: number, accept: (entry: KbEntry) => boolean): number[] {
    const ids: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.touched[i] as number;
      const w = this.acc[id] ?? 0;
      if (w < floor) continue;
      if (ids.length === CANDIDATES && w <= (weights[CANDIDATES - 1] as number)) continue;
      const doc = this.docs[id];
      if (!doc || !accept(doc.entry)) continue;
      // After every entry at least as heavy, so that equal weights keep the touched order.
      let at = ids.length;
      while (at > 0 && (weights[at - 1] as number) < w) at--;
      ids.splice(at, 0, id);
      weights.splice(at, 0, w);
      if (ids.length > CANDIDATES) {
        ids.pop();
        weights.pop();
      }
    }
    return ids;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * What an entry is about, as the question bank compares it with other comuni's pages: its title, tag and
 * question stems and the concepts it names anywhere.
 */
function profileOf(doc: DocInfo): string[] {
  return [...doc.terms].filter(([t, w]) => w >= 1 || t.startsWith('~')).map(([t]) => t);
}
