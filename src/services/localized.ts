import type { Lang } from '../engine/types';
import type { Localized } from './schema';

/** Picks a dialog-file text in the language, falling back to Italian. */
export function pick(text: Localized, lang: Lang): string {
  if (typeof text === 'string') return text;
  return lang === 'en' ? (text.en ?? text.it) : text.it;
}
