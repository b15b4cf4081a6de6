import type { KbEntry, KbLang } from './entry';

/** One entry scored against a question by the search index. */
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
  /**
   * True when the entry satisfies a service or topic the question names: not an aspect, and another body's
   * service only when the entry is about it.
   */
  named: boolean;
  /** Share of the question's weight outside its aspects (hours, cost…) that the entry satisfies. */
  substance: number;
  /**
   * How the plain second ranking (BM25 over words, no lexicon) rates the entry against the other best
   * candidates: 1 for the one it prefers, less for the others (its score over the preferred one's).
   */
  plain: number;
  /**
   * Share of the question's words the entry explains: as written anywhere in it or, for a word it lacks,
   * through the word associations learned from other comuni's citizens (a question in the other language:
   * as written or through the glossary).
   */
  assoc: number;
  /**
   * How closely the question resembles one that citizens of other comuni asked of the same service (the
   * question bank; 0 for a question in the other language): the cosine of their words times how alike the
   * two comuni's pages are.
   */
  bank: number;
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
    plain: 0,
    assoc: 0,
    bank: 0,
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

/** One unit of a question as its own language reads it, before any index weighs it. */
export interface ReadUnit {
  words: string[];
  concepts: string[];
  /** Stems of its meaningful words, and whether each is a typo's correction. */
  stems: Array<{ stem: string; corrected: boolean }>;
  /** Weight of its sentence (the question 1, the story around it less). */
  sentenceWeight: number;
  /** Names a service or topic (a lexicon concept or keyword of its language). */
  names: boolean;
  /** Only the language's most common words. */
  generic: boolean;
  /** Only aspects (hours, cost, deadline). */
  facet: boolean;
  /** Some word is known in its language (its entries' or lexicon's words). */
  familiar: boolean;
  corrected?: string;
}

/** A question read in its language: units and stems, with no figure of any knowledge base. */
export interface QueryReading {
  lang: KbLang;
  units: ReadUnit[];
  /** Meaningful word stems, typos corrected. */
  stems: string[];
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
  /** The question's meaningful word stems, typos corrected: what the plain second ranking reads. */
  stems: string[];
  /** Read in the other language than the entries' (matched through shared concepts and names). */
  foreign?: boolean;
}

/** A set of search results with the query it was made for. */
export interface IndexResult {
  results: ScoredEntry[];
  query: QueryAnalysis;
}
