/** Types for the untyped `snowball-stemmers` package (only what the knowledge base uses). */
declare module 'snowball-stemmers' {
  /** A Snowball stemmer for one language. */
  export interface Stemmer {
    stem(word: string): string;
  }
  /** Creates the stemmer of a language, e.g. `italian` or `english`. */
  export function newStemmer(language: string): Stemmer;
}
