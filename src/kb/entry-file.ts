import { createHash } from 'node:crypto';
import type { KbEntry } from './entry';

/** The content of an entry without where it is stored: front matter fields plus the Markdown body. */
export type EntryContent = Omit<KbEntry, 'file'>;

// A plain YAML scalar that needs no quotes: starts with a letter or digit and holds nothing YAML reads as
// syntax (`: `, ` #`, flow or quote characters).
const PLAIN = /^[A-Za-z0-9][^\s"'{}[\],&*!|>%@`]*$/;

function scalar(value: string): string {
  return PLAIN.test(value) && !value.includes(': ') && !value.endsWith(':') ? value : JSON.stringify(value);
}

/**
 * The canonical Markdown file of an entry, in the layout of the demo knowledge base: front matter in schema
 * order, text fields double-quoted (a JSON string is a valid YAML double-quoted string), ids, URLs and dates
 * plain, empty `tags`/`links` left out, then a blank line, the body and one final newline. `kb export` writes
 * it, so export → import → export gives the same bytes.
 */
export function serializeEntry(entry: EntryContent): string {
  const lines = ['---', `id: ${entry.id}`, `lang: ${entry.lang}`, `title: ${JSON.stringify(entry.title)}`];
  lines.push('questions:', ...entry.questions.map((q) => `  - ${JSON.stringify(q)}`));
  if (entry.tags.length) lines.push(`tags: [${entry.tags.map((t) => JSON.stringify(t)).join(', ')}]`);
  if (entry.links.length) {
    lines.push('links:');
    for (const link of entry.links)
      lines.push(`  - label: ${JSON.stringify(link.label)}`, `    url: ${scalar(link.url)}`);
  }
  if (entry.service) lines.push(`service: ${scalar(entry.service)}`);
  if (entry.valid_from) lines.push(`valid_from: ${entry.valid_from}`);
  if (entry.valid_until) lines.push(`valid_until: ${entry.valid_until}`);
  if (entry.reviewed) lines.push(`reviewed: ${entry.reviewed}`);
  lines.push('---', '', entry.body.trim(), '');
  return lines.join('\n');
}

/** The entry's content only (drops `file` and any extra keys), in schema order, for comparisons and storage. */
export function entryContent(entry: EntryContent): EntryContent {
  return {
    id: entry.id,
    lang: entry.lang,
    title: entry.title,
    questions: [...entry.questions],
    tags: [...entry.tags],
    links: entry.links.map((l) => ({ label: l.label, url: l.url })),
    ...(entry.service ? { service: entry.service } : {}),
    ...(entry.valid_from ? { valid_from: entry.valid_from } : {}),
    ...(entry.valid_until ? { valid_until: entry.valid_until } : {}),
    ...(entry.reviewed ? { reviewed: entry.reviewed } : {}),
    body: entry.body.trim(),
  };
}

/** A short fingerprint of an entry's content (same content, same hash), to skip unchanged imports. */
export function contentHash(entry: EntryContent): string {
  return createHash('sha256')
    .update(serializeEntry(entryContent(entry)))
    .digest('hex')
    .slice(0, 32);
}

/** True when two entries have the same content (file location aside). */
export function sameContent(a: EntryContent | undefined, b: EntryContent | undefined): boolean {
  if (!a || !b) return a === b;
  return serializeEntry(entryContent(a)) === serializeEntry(entryContent(b));
}
