import { BoundedMap } from './bounded-map';

/** Recently folded inputs: one citizen message is folded by several middlewares and skills in its turn. */
const folded = new BoundedMap<string, string>(512);

/**
 * Folds text for matching: lower case, accents removed, apostrophes and punctuation turned into spaces,
 * white space collapsed. "Perché l’ANAGRAFE?" → "perche l anagrafe".
 */
export function normalize(text: string): string {
  const known = folded.get(text);
  if (known !== undefined) return known;
  const result = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (text.length <= 500) folded.set(text, result);
  return result;
}
