import type { KbEntry } from '../entry';

/** Bump when {@link entryText} changes: stored vectors of the old text are then recomputed. */
export const ENTRY_TEXT_VERSION = 1;

/** Characters of an entry sent to the model: enough for its gist, within small models' 512-token window. */
const MAX_CHARS = 2000;

/**
 * The text of an entry that is embedded: title and questions (how citizens ask it) first, then the answer
 * with Markdown links reduced to their labels and URLs left out, cut to a length every model accepts.
 */
export function entryText(entry: Pick<KbEntry, 'title' | 'questions' | 'body'>): string {
  const body = entry.body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[*_#>`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return [entry.title, ...entry.questions, body].join('\n').slice(0, MAX_CHARS);
}
