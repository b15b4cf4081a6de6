/**
 * Folds text for matching: lower case, accents removed, apostrophes and punctuation turned into spaces,
 * white space collapsed. "Perché l’ANAGRAFE?" → "perche l anagrafe".
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
