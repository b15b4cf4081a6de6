import { stem, tokenize } from './analyzer';
import type { KbLang } from './entry';
import { isStopword } from './stopwords';

/** A group of phrases that mean one thing, as the lexicon and a city's `synonyms.yml` declare them. */
export interface PhraseGroup {
  /** Group name; its concept token is `~<id>`. */
  id: string;
  /** How entries name it: recognised in entries and in questions. */
  official: readonly string[];
  /** How citizens say it: recognised in questions only. */
  everyday: readonly string[];
}

/** A compiled phrase: the stems of its content words. */
interface Phrase {
  concept: string;
  stems: string[];
  official: boolean;
}

/** A phrase found in a sequence of stems: its concept and the positions of the words it took. */
export interface PhraseMatch {
  concept: string;
  positions: number[];
}

/** The content stems of a text, with stop words out: what phrases are matched against. */
export function contentStems(lang: KbLang, text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (!isStopword(lang, t)) out.push(stem(lang, t));
  return out;
}

/** The concept token of a phrase group. */
export function conceptToken(id: string): string {
  return `~${id}`;
}

/**
 * Recognises multi-word phrases in stemmed text, in any word order and with a few words in between ("ho
 * cambiato casa", "casa cambiata"): each phrase is anchored on its first stem and matches when all its other
 * stems sit within a window around it. Entries are matched against official phrases only; questions against
 * official and everyday ones.
 */
export class PhraseMatcher {
  private readonly byAnchor = new Map<string, Phrase[]>();
  /** Surface words of every phrase (folded), for typo correction and for telling topic words from chatter. */
  readonly words = new Set<string>();
  /** Concepts whose phrases had no content word left (to report, never matched). */
  readonly empty: string[] = [];

  constructor(
    readonly lang: KbLang,
    groups: readonly PhraseGroup[],
  ) {
    for (const g of groups) {
      const concept = conceptToken(g.id);
      const add = (text: string, official: boolean) => {
        const stems = contentStems(lang, text);
        if (stems.length === 0) {
          this.empty.push(`${g.id}: "${text}"`);
          return;
        }
        for (const t of tokenize(text)) if (!isStopword(lang, t)) this.words.add(t);
        const list = this.byAnchor.get(stems[0] as string) ?? [];
        if (!list.some((p) => p.concept === concept && p.official === official && same(p.stems, stems)))
          list.push({ concept, stems: [...new Set(stems)], official });
        this.byAnchor.set(stems[0] as string, list);
      };
      for (const p of g.official) add(p, true);
      for (const p of g.everyday) add(p, false);
    }
  }

  /** Number of distinct anchors (for diagnostics). */
  get size(): number {
    return this.byAnchor.size;
  }

  /**
   * The phrases found in a sequence of stems. With `officialOnly` (entries) everyday phrases are ignored. A
   * concept is reported once per distinct set of positions.
   */
  match(stems: readonly string[], officialOnly: boolean): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < stems.length; i++) {
      const phrases = this.byAnchor.get(stems[i] as string);
      if (!phrases) continue;
      for (const p of phrases) {
        if (officialOnly && !p.official) continue;
        const positions = locate(stems, i, p.stems);
        if (!positions) continue;
        const key = `${p.concept} ${positions.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ concept: p.concept, positions });
      }
    }
    return out;
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Positions of a phrase's stems around the anchor at `at`, or undefined: every other stem must occur within
 * `length + 1` words of the anchor, and all of them within a span of `length + 2` words.
 */
function locate(stems: readonly string[], at: number, phrase: readonly string[]): number[] | undefined {
  if (phrase.length === 1) return [at];
  const reach = phrase.length + 1;
  const positions = [at];
  for (let k = 1; k < phrase.length; k++) {
    let found = -1;
    for (let d = 1; d <= reach && found < 0; d++) {
      if (stems[at + d] === phrase[k] && !positions.includes(at + d)) found = at + d;
      else if (at - d >= 0 && stems[at - d] === phrase[k] && !positions.includes(at - d)) found = at - d;
    }
    if (found < 0) return undefined;
    positions.push(found);
  }
  const span = Math.max(...positions) - Math.min(...positions);
  return span <= phrase.length + 1 ? positions.sort((a, b) => a - b) : undefined;
}
