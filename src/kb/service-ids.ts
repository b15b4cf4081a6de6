import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';

/**
 * Reads the ids of the declarative service dialogs: the top-level `id:` of every `*.yml`/`*.yaml` file in the
 * dialogs folder. Files without a readable id are skipped (the dialogs room validates them). A missing folder
 * yields no ids.
 */
export async function readServiceIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    const doc = parseDocument(await fs.readFile(path.join(dir, name), 'utf8'));
    const id = doc.errors.length ? undefined : doc.get('id');
    if (typeof id === 'string' && id) ids.push(id);
  }
  return ids;
}
