import { z } from 'zod';
import type { KbLang } from '../entry';
import { readLearnedJson, shippedFile } from './lexicon';

/**
 * One service page of another comune with the questions its citizens asked of it, as the search index reads
 * them: `profile` holds the stems of its title, tags and questions and the concepts it names, `questions` the
 * stems of each question.
 */
export interface BankPage {
  lang: KbLang;
  profile: string[];
  questions: string[][];
}

/** The learned bank: the pages of every tuning comune, with their citizens' questions. */
export interface BankTable {
  pages: BankPage[];
}

/** One labelled question as the bank's learning reads it (stems as the search index makes them). */
export interface BankExample {
  lang: KbLang;
  /** The knowledge base it was asked of (a page is one entry of one knowledge base). */
  source: string;
  entryId: string;
  /** The right entry's profile: stems of its title, tags and questions, and its concepts. */
  profile: readonly string[];
  /** The question's meaningful stems. */
  question: readonly string[];
}

const tableSchema = z.object({
  pages: z.array(
    z.object({
      lang: z.enum(['it', 'en']),
      profile: z.array(z.string()),
      questions: z.array(z.array(z.string())),
    }),
  ),
});

/** Pages of other comuni an entry borrows questions from: the closest ones, and only close enough. */
const NEIGHBOURS = 5;
const MIN_LIKENESS = 0.1;

/**
 * Groups labelled questions by the entry they were asked of: one page per entry of each knowledge base. Words
 * only one knowledge base uses (its town's and places' names) are left out: no other comune shares them.
 */
export function learnBank(examples: readonly BankExample[]): BankTable {
  const sources = new Map<string, Set<string>>();
  for (const ex of examples)
    for (const t of [...ex.profile, ...ex.question]) {
      const seen = sources.get(t) ?? new Set<string>();
      sources.set(t, seen);
      seen.add(ex.source);
    }
  const shared = (terms: readonly string[]) =>
    [...new Set(terms)].filter((t) => (sources.get(t)?.size ?? 0) >= 2).sort();
  const pages = new Map<string, BankPage>();
  for (const ex of examples) {
    const key = `${ex.source}\u0000${ex.entryId}`;
    const page = pages.get(key) ?? { lang: ex.lang, profile: shared(ex.profile), questions: [] };
    pages.set(key, page);
    const question = shared(ex.question);
    if (question.length) page.questions.push(question);
  }
  return { pages: [...pages.values()].filter((p) => p.questions.length > 0) };
}

/** A set of terms with their rarity weights, and its norm (for cosines). */
interface Weighed {
  terms: ReadonlyMap<string, number>;
  norm: number;
}

/** The pages of other comuni an entry is close to, each with how alike the two are (0–1). */
export type Neighbours = ReadonlyArray<{ questions: readonly Weighed[]; likeness: number }>;

/**
 * How citizens of other comuni asked about the same services (`npm run fit:kb`,
 * docs/knowledge-base-quality.md). An entry is matched once to the pages of other comuni that describe the
 * same service in the same words (its title, tags, questions and concepts against theirs); a question then
 * gets, for each of its best entries, how closely it resembles a question asked of those pages. Like the word
 * associations, it never makes a match: it is evidence the answer model weighs.
 */
export class QuestionBank {
  private readonly langs: Record<
    KbLang,
    {
      pages: Array<{ profile: Weighed; questions: Weighed[] }>;
      /** Profile term → pages holding it. */
      postings: Map<string, number[]>;
      profileWeight: (t: string) => number;
      questionWeight: (t: string) => number;
    }
  >;

  constructor(table: BankTable) {
    const build = (lang: KbLang) => {
      const pages = table.pages.filter((p) => p.lang === lang);
      const profileWeight = rarity(pages.map((p) => p.profile));
      const questionWeight = rarity(pages.flatMap((p) => p.questions));
      const postings = new Map<string, number[]>();
      pages.forEach((p, i) => {
        for (const t of new Set(p.profile)) {
          const list = postings.get(t);
          if (list) list.push(i);
          else postings.set(t, [i]);
        }
      });
      return {
        pages: pages.map((p) => ({
          profile: weigh(p.profile, profileWeight),
          questions: p.questions.map((q) => weigh(q, questionWeight)),
        })),
        postings,
        profileWeight,
        questionWeight,
      };
    };
    this.langs = { it: build('it'), en: build('en') };
  }

  /** The pages of other comuni closest to an entry with this profile (none when nothing is alike). */
  neighbours(lang: KbLang, profile: Iterable<string>): Neighbours {
    const l = this.langs[lang];
    const own = weigh(profile, l.profileWeight);
    if (own.norm === 0) return [];
    const dot = new Map<number, number>();
    for (const [t, w] of own.terms)
      for (const i of l.postings.get(t) ?? []) dot.set(i, (dot.get(i) ?? 0) + w * w);
    const alike: Array<{ questions: readonly Weighed[]; likeness: number }> = [];
    for (const [i, d] of dot) {
      const page = l.pages[i];
      const likeness = page ? d / (own.norm * page.profile.norm) : 0;
      if (page && likeness > MIN_LIKENESS) alike.push({ questions: page.questions, likeness });
    }
    return alike.sort((a, b) => b.likeness - a.likeness).slice(0, NEIGHBOURS);
  }

  /**
   * How closely a question resembles one asked of an entry's neighbours elsewhere: the best cosine between
   * the question's stems and such a question's, weighed by rarity, times how alike the pages are (0–1).
   */
  score(lang: KbLang, question: ReadonlySet<string>, neighbours: Neighbours): number {
    return this.scorer(lang, question)(neighbours);
  }

  /** {@link score} for one question and several entries: the question is weighed once. */
  scorer(lang: KbLang, question: ReadonlySet<string>): (neighbours: Neighbours) => number {
    const asked = weigh(question, this.langs[lang].questionWeight);
    return (neighbours) => {
      if (asked.norm === 0) return 0;
      let best = 0;
      for (const { questions, likeness } of neighbours)
        for (const q of questions) {
          if (q.norm === 0) continue;
          let dot = 0;
          for (const [t, w] of asked.terms) if (q.terms.has(t)) dot += w * w;
          best = Math.max(best, (dot / (asked.norm * q.norm)) * likeness);
        }
      return best;
    };
  }
}

/** Inverse document frequency over a list of term sets: a term in every set weighs almost nothing. */
function rarity(sets: ReadonlyArray<readonly string[]>): (t: string) => number {
  const df = new Map<string, number>();
  for (const s of sets) for (const t of new Set(s)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sets.length;
  return (t) => Math.log((n + 1) / ((df.get(t) ?? 0) + 0.5));
}

/** A set of terms (each counted once) with its rarity weights and norm. */
function weigh(terms: Iterable<string>, weight: (t: string) => number): Weighed {
  const map = new Map<string, number>();
  let norm = 0;
  for (const t of terms) {
    if (map.has(t)) continue;
    const w = weight(t);
    map.set(t, w);
    norm += w * w;
  }
  return { terms: map, norm: Math.sqrt(norm) };
}

/** Parses a question bank file (JSON, as `npm run fit:kb -- … --write-bank FILE` writes it). */
export function parseQuestionBank(text: string, file: string): QuestionBank {
  return new QuestionBank(readLearnedJson(text, file, tableSchema));
}

/** The question bank shipped with Sportello (`src/kb/lexicon/question-bank.json`), read once per process. */
export function builtInQuestionBank(): QuestionBank {
  return shippedFile('question-bank.json', parseQuestionBank);
}
