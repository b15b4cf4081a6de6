import { normalize } from '../shared/normalize';

const QUESTION_WORDS = new Set([
  'come',
  'dove',
  'quando',
  'quanto',
  'quanti',
  'quanta',
  'quante',
  'cosa',
  'cos',
  'che',
  'chi',
  'perche',
  'quale',
  'quali',
  'posso',
  'devo',
  'serve',
  'servono',
  'bisogna',
  'e',
  'ci',
  'what',
  'how',
  'where',
  'when',
  'why',
  'who',
  'which',
  'can',
  'could',
  'do',
  'does',
  'is',
  'are',
  'should',
  'must',
]);

/**
 * True when a message looks like a question rather than an answer: it ends with "?" or starts with a
 * question word (come, dove, quando, quanto, cosa, perché, what, how…) followed by more words.
 */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length > 1 && trimmed.endsWith('?')) return true;
  const words = normalize(trimmed).split(' ');
  return words.length >= 3 && QUESTION_WORDS.has(words[0] ?? '');
}
