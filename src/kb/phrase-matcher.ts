import { stem, tokenize } from './analyzer';
import type { KbLang } from './entry';
import { isFunctionWord, isStopword } from './stopwords';
import { expandShorthand } from './text/chat-shorthand';

/** A group of phrases that mean one thing, as the lexicon and a city's `synonyms.yml` declare them. */
export interface PhraseGroup {
  /** Group name; its concept token is `~<id>`. */
  id: string;
  /** How entries name it: recognised in entries and in questions. */
  official: readonly string[];
  /** How citizens say it: recognised in questions only. */
  everyday: readonly string[];
  /** True for an aspect of a question (hours, cost, deadline) rather than a service or topic. */
  facet?: boolean;
  /** True for a service of another public body (passport, pension, health card), not of the comune. */
  otherBody?: boolean;
}

/** A compiled phrase: the stems of its words, grammar words left out. */
interface Phrase {
  concept: string;
  stems: string[];
  official: boolean;
}

/** A phrase found in a sequence of stems: its concept and the positions of the words it took. */
export interface PhraseMatch {
  concept: string;
  positions: number[];
  /** Number of words of the phrase (1: a single word such as "TARI"). */
  length: number;
}

/** The words phrases are matched against: folded tokens, shorthand written out, without grammar words. */
export function phraseWords(lang: KbLang, text: string): string[] {
  return expandShorthand(lang, tokenize(text)).filter((t) => !isFunctionWord(lang, t));
}

/** The concept token of a phrase group. */
export function conceptToken(id: string): string {
  return `~${id}`;
}

/**
 * Recognises the phrases of phrase groups in stemmed text. In entries a phrase must appear in its own order,
 * with at most one word in between ("certificato anagrafico di residenza"); in questions, which citizens word
 * freely, in any order within a few words ("ho cambiato casa", "la casa l'ho cambiata"). Entries are
 * matched against official phrases only; questions against official and everyday ones. A phrase needs one
 * word that means something on its own: "non voglio più" alone is never a concept.
 */
export class PhraseMatcher {
  private readonly byAnchor = new Map<string, Phrase[]>();
  /** Meaningful words of every phrase (folded), for typo correction. */
  readonly words = new Set<string>();
  /** Words that are a phrase on their own ("passaporto", "TARI"): topic words, known here or not. */
  readonly keywords = new Set<string>();
  /** Phrases left out because no word of theirs means anything alone (to report). */
  readonly empty: string[] = [];
  /** Concept tokens of facet groups. */
  readonly facets = new Set<string>();
  /** Concept tokens of other public bodies' services. */
  readonly otherBodies = new Set<string>();

  /**
   * Compiles phrase groups. With `base`, the new matcher knows the base's phrases too without compiling them
   * again (the shipped lexicon is compiled once; a city's synonyms are layered on it at every reload).
   */
  constructor(
    readonly lang: KbLang,
    groups: readonly PhraseGroup[],
    base?: PhraseMatcher,
  ) {
    if (base) {
      for (const [anchor, list] of base.byAnchor) this.byAnchor.set(anchor, list);
      for (const w of base.words) this.words.add(w);
      for (const w of base.keywords) this.keywords.add(w);
      for (const c of base.facets) this.facets.add(c);
      for (const c of base.otherBodies) this.otherBodies.add(c);
    }
    const seen = new Set<string>();
    // Lists shared with the base are copied before the first phrase is added to them.
    const own = new Set<Phrase[]>();
    for (const g of groups) {
      const concept = conceptToken(g.id);
      if (g.facet) this.facets.add(concept);
      if (g.otherBody) this.otherBodies.add(concept);
      const add = (text: string, official: boolean) => {
        const words = phraseWords(lang, text);
        const meaningful = words.filter((w) => !isStopword(lang, w));
        if (meaningful.length === 0) {
          this.empty.push(`${g.id}: "${text}"`);
          return;
        }
        for (const w of meaningful) this.words.add(w);
        if (words.length === 1) this.keywords.add(words[0] as string);
        const stems = words.map((w) => stem(lang, w)).filter((st, i, all) => st !== all[i - 1]);
        const key = `${concept} ${official} ${stems.join(' ')}`;
        if (seen.has(key)) return;
        seen.add(key);
        const anchor = stems[0] as string;
        let list = this.byAnchor.get(anchor);
        if (!list || !own.has(list)) {
          list = [...(list ?? [])];
          own.add(list);
          this.byAnchor.set(anchor, list);
        }
        list.push({ concept, stems, official });
      };
      for (const p of g.official) add(p, true);
      for (const p of g.everyday) add(p, false);
    }
  }

  /**
   * The phrases found in a sequence of stems (of {@link phraseWords}). `entry` matching is strict (official
   * phrases, in order); `question` matching is loose (all phrases, any order). A concept is reported once per
   * distinct set of positions. With `meaningful` (per position), a one-word phrase never stands for a word that
   * means nothing alone: "cans" and the modal "can" share a stem.
   */
  match(
    stems: readonly string[],
    mode: 'entry' | 'question',
    meaningful?: readonly boolean[],
  ): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    const seen = new Set<string>();
    // A phrase one of whose words the text lacks is skipped before its positions are looked for.
    const present = new Set(stems);
    for (let i = 0; i < stems.length; i++) {
      const phrases = this.byAnchor.get(stems[i] as string);
      if (!phrases) continue;
      for (const p of phrases) {
        if (mode === 'entry' && !p.official) continue;
        if (p.stems.length === 1 && meaningful && !meaningful[i]) continue;
        if (!p.stems.every((st) => present.has(st))) continue;
        const positions = mode === 'entry' ? inOrder(stems, i, p.stems) : nearby(stems, i, p.stems);
        if (!positions) continue;
        const key = `${p.concept} ${positions.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ concept: p.concept, positions, length: p.stems.length });
      }
    }
    return out;
  }
}

/** Other words a question may put among a phrase's words ("ho cambiato proprio l'anno scorso casa"). */
const SLACK = 3;

/** Positions of a phrase in its own order from `at`, at most one other word between two of its words. */
function inOrder(stems: readonly string[], at: number, phrase: readonly string[]): number[] | undefined {
  const positions = [at];
  let last = at;
  for (let k = 1; k < phrase.length; k++) {
    if (stems[last + 1] === phrase[k]) last += 1;
    else if (stems[last + 2] === phrase[k]) last += 2;
    else return undefined;
    positions.push(last);
  }
  return positions;
}

/**
 * Positions of a phrase's stems around the anchor at `at`, in any order: every other stem within
 * `length + SLACK` words of the anchor, all of them within a span of `length + SLACK + 1` words.
 */
function nearby(stems: readonly string[], at: number, phrase: readonly string[]): number[] | undefined {
  if (phrase.length === 1) return [at];
  const reach = phrase.length + SLACK;
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
  return span <= phrase.length + SLACK ? positions.sort((a, b) => a - b) : undefined;
}
