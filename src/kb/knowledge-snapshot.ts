import { redactPii } from '../privacy/redact';
import { BoundedMap } from '../shared/bounded-map';
import { detectLanguage } from './detect-language';
import { isEntryValid, isEntryValidOn, KB_LANGS, type KbEntry, type KbLang } from './entry';
import { type Associations, builtInAssociations } from './lexicon/associations';
import { builtInGlossary } from './lexicon/glossary';
import { lexiconMatcher, synonymGroups } from './lexicon/lexicon';
import { builtInQuestionBank, type QuestionBank } from './lexicon/question-bank';
import { builtInThesaurus } from './lexicon/thesaurus';
import { PhraseMatcher } from './phrase-matcher';
import { type IndexResult, LangIndex, type QueryAnalysis, type ScoredEntry } from './search-index';
import type { Synonyms } from './synonyms';

/** The outcome of a search: the language searched and the best entries. */
export interface SearchResult {
  /** The language the question was matched in. */
  lang: KbLang;
  /** True when the language came from the question itself rather than the fallback. */
  languageConfident: boolean;
  /** Best entries first; empty when nothing matched. */
  results: ScoredEntry[];
  /** How the question was understood in that language (what the confidence decision reads). */
  query: QueryAnalysis;
  /**
   * The other language's best entries for the same reading, when the knowledge base has any: a citizen may
   * ask in English about a service only the Italian entries describe, or the other way round. The answer
   * model weighs them beside `results` (confidence.ts).
   */
  across?: IndexResult;
}

/** Options of {@link KnowledgeSnapshot.search}. */
export interface SearchOptions {
  /** Search only this language. Without it the language is detected, and both are tried when unsure. */
  lang?: KbLang;
  /** Language to assume when detection is unsure. */
  fallback?: KbLang;
  limit?: number;
  /** "Today" for `valid_from`/`valid_until` (default: now). */
  now?: Date;
}

/** How well a language's entries understood and matched a question: best score times known share. */
function strength(r: IndexResult): number {
  const { units, total } = r.query;
  if (total <= 0) return 0;
  const known = units.reduce((sum, u) => sum + (u.known ? u.weight : 0), 0);
  return (r.results[0]?.score ?? 0) * (known / total);
}

/** Questions up to this length are remembered with their results (longer ones rarely come again). */
const MEMO_MAX_QUESTION = 200;

/**
 * An immutable, searchable knowledge base: the entries of one load and their per-language indexes. Hot
 * reload builds a new snapshot and swaps it in, so a search never sees a half-built index.
 *
 * Citizens ask the same few questions over and over ("orari anagrafe"): the snapshot remembers the results
 * of its last 1,000 distinct questions (with personal data already taken out) for the day they were asked.
 * Being immutable, it never has to forget them early; a reload starts a new snapshot with an empty memo.
 */
export class KnowledgeSnapshot {
  private readonly byId = new Map<string, KbEntry>();
  private readonly indexes: Record<KbLang, LangIndex>;
  private readonly memo = new BoundedMap<string, SearchResult>(1000);
  private memoHits = 0;
  private memoLookups = 0;

  /**
   * `associations` and `bank`: the learned word associations and question bank the answer model weighs
   * (default: those shipped); the answer model's fit passes ones learned without the knowledge base being
   * scored.
   */
  constructor(
    readonly entries: readonly KbEntry[],
    readonly synonyms: Synonyms,
    associations: Associations = builtInAssociations(),
    bank: QuestionBank = builtInQuestionBank(),
  ) {
    for (const e of entries) this.byId.set(e.id, e);
    const byLang = (lang: KbLang) => entries.filter((e) => e.lang === lang);
    const own = { it: byLang('it'), en: byLang('en') };
    // A question in the other language reads these entries word by word through the glossary only when they
    // are the knowledge base's main pages: a few broad guides for visitors would match any translated
    // question somewhere, so the minority language's entries are reached through shared concepts alone.
    const build = (lang: KbLang) =>
      new LangIndex(
        lang,
        own[lang],
        new PhraseMatcher(lang, synonymGroups(synonyms[lang]), lexiconMatcher(lang)),
        KB_LANGS.every((other) => own[lang].length >= own[other].length) ? builtInGlossary() : undefined,
        builtInThesaurus(lang),
        associations,
        bank,
      );
    this.indexes = { it: build('it'), en: build('en') };
  }

  /** An entry by id, if it exists and is valid today. */
  get(id: string, now = new Date()): KbEntry | undefined {
    const entry = this.byId.get(id);
    return entry && isEntryValid(entry, now) ? entry : undefined;
  }

  /** How often a search was answered from the memo (for benchmarks: a figure timed through it is no latency). */
  memoStats(): { lookups: number; hits: number } {
    return { lookups: this.memoLookups, hits: this.memoHits };
  }

  /** The index of one language (exposed for diagnostics and benchmarks). */
  index(lang: KbLang): LangIndex {
    return this.indexes[lang];
  }

  /** Finds the entries answering a question; expired entries are never returned. */
  search(rawQuestion: string, options: SearchOptions = {}): SearchResult {
    // Personal data (a codice fiscale, a phone number…) says nothing about the topic and would only lower the
    // confidence: it is taken out before matching.
    const question = redactPii(rawQuestion).replace(/\[[A-Z_]+\]/g, ' ');
    const limit = options.limit ?? 5;
    const day = (options.now ?? new Date()).toISOString().slice(0, 10);
    if (question.length > MEMO_MAX_QUESTION) return this.find(question, day, limit, options);
    const key = `${day} ${options.lang ?? ''} ${options.fallback ?? ''} ${limit} ${question}`;
    let result = this.memo.get(key);
    this.memoLookups++;
    if (result) this.memoHits++;
    else {
      result = this.find(question, day, limit, options);
      this.memo.set(key, result);
    }
    // A copy of the list: callers may reorder or cut theirs.
    return { ...result, results: result.results.slice() };
  }

  private find(question: string, day: string, limit: number, options: SearchOptions): SearchResult {
    const accept = (e: KbEntry) => isEntryValidOn(e, day);
    const found = (lang: KbLang, languageConfident: boolean, r: IndexResult): SearchResult => ({
      lang,
      languageConfident,
      results: r.results,
      query: r.query,
    });
    if (options.lang)
      return found(options.lang, true, this.indexes[options.lang].search(question, limit, accept));
    const detected = detectLanguage(question, options.fallback ?? 'it');
    const reading = this.indexes[detected.lang].readQuery(question);
    const first = this.indexes[detected.lang].searchReading(reading, limit, accept);
    const otherLang = KB_LANGS.find((l) => l !== detected.lang) as KbLang;
    // The other language's entries weigh the same reading (concepts both languages share, names, acronyms,
    // the glossary's translations); the answer model decides between the two lists.
    const withAcross = (result: SearchResult): SearchResult => {
      if (this.indexes[otherLang].size === 0) return result;
      const across = this.indexes[otherLang].searchReading(reading, limit, accept);
      return across.results.length ? { ...result, across } : result;
    };
    if (detected.confident) return withAcross(found(detected.lang, true, first));
    const other = this.indexes[otherLang].search(question, limit, accept);
    // The other language must do clearly better to win over the conversation's language, counting the words
    // each language's entries do not know at all ("pubblicazioni" means nothing to the English entries).
    if (strength(other) > strength(first) + 0.1) return found(otherLang, false, other);
    return withAcross(found(detected.lang, false, first));
  }
}
