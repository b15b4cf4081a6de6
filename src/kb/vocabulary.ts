import SearchableMap from 'minisearch/SearchableMap';
import { BoundedMap } from '../shared/bounded-map';

/**
 * The words one language's entries and phrases use, for typo correction (MiniSearch's radix tree, fuzzy), and
 * their stems, for word families by prefix.
 */
export class Vocabulary {
  /** Folded surface words with their frequency. */
  private readonly words = new SearchableMap<number>();
  private readonly stems = new SearchableMap<true>();
  /** Corrections already worked out (a fuzzy search of the vocabulary is the costliest step of a search). */
  private readonly corrections = new BoundedMap<string, string | null>(20_000);

  /** Counts one occurrence of a folded word. */
  addWord(word: string): void {
    this.words.set(word, (this.words.get(word) ?? 0) + 1);
  }

  /** Records a stem of the entries. */
  addStem(stem: string): void {
    this.stems.set(stem, true);
  }

  /** True when the folded word occurs in the entries or phrases. */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /**
   * The closest known word to a typo, or undefined when nothing is close enough. Short words are never
   * corrected and the first letter must match: typos rarely hit it, and without that rule "padre" would become
   * "madre" and "taxi" "tari". One edit up to 8 letters, two from 9 (then the first two letters must match).
   */
  correct(word: string): string | undefined {
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
    // Only words with the same first letter are looked at: the fuzzy search walks that branch of the tree
    // alone, and the distance of the rest is the distance of the whole word.
    const first = word[0] as string;
    for (const [rest, [count, distance]] of this.words.atPrefix(first).fuzzyGet(word.slice(1), max)) {
      const candidate = first + rest;
      if (distance === 2 && candidate[1] !== word[1]) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) {
        best = { word: candidate, distance, count };
      }
    }
    return best?.word;
  }

  /**
   * Stems in the same word family as an unknown stem: one is the other's prefix, or they share all but the
   * last letter of the shorter one and at least five letters ("iscriv" / "iscrizion").
   */
  family(stem: string): string[] {
    if (stem.length < 5) return [];
    const out: string[] = [];
    for (const [candidate] of this.stems.atPrefix(stem.slice(0, Math.max(5, stem.length - 1)))) {
      if (candidate === stem) continue;
      const shorter = Math.min(candidate.length, stem.length);
      let common = 0;
      while (common < shorter && candidate[common] === stem[common]) common++;
      if (common >= 5 && common >= shorter - 1) out.push(candidate);
    }
    return out;
  }
}
