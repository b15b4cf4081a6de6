import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { retryOnConflict } from '../storage/optimistic';
import type { KbEntry } from './entry';
import { contentHash, sameContent, serializeEntry } from './entry-file';
import { FILE_AUTHOR, type ImportChange, type KbFilesDoc, type KbRepository } from './kb-repository';
import { type LoadOptions, type LoadResult, loadKnowledge } from './loader';
import { SYNONYMS_FILE } from './synonyms';

/** What an import did. */
export interface ImportReport {
  /** Ids published (new or changed). */
  published: string[];
  /** Ids removed because their file was deleted (or now holds another id). */
  deleted: string[];
  /** Ids whose file did not change since the last import, or whose content the store already has. */
  unchanged: number;
  /** The load result (problems, files). */
  load: LoadResult;
}

/** Options of {@link importKnowledge}. */
export interface ImportOptions extends LoadOptions {
  /**
   * Compare every file with the store, not only the files changed since the last import (`kb import`). Without
   * it, a file whose hash matches the last import is skipped, so edits made in the console are not undone by
   * an unchanged file.
   */
  full?: boolean;
  author?: string;
}

async function readSynonyms(dir: string, load: LoadResult): Promise<string | undefined> {
  if (load.synonymsBroken) return undefined; // the last good synonyms keep serving
  try {
    return await fs.readFile(path.join(dir, SYNONYMS_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

/** Plans the writes that bring the store in line with a loaded folder. */
async function plan(
  repo: KbRepository,
  load: LoadResult,
  full: boolean,
): Promise<{ changes: ImportChange[]; files: KbFilesDoc; unchanged: number }> {
  const before = (await repo.files()).files;
  const files: KbFilesDoc = { files: {} };
  const changes: ImportChange[] = [];
  const broken = new Set(load.problems.filter((p) => p.fatal).map((p) => p.file));
  let unchanged = 0;
  const fileIds = new Map<string, string>();
  for (const entry of load.entries) {
    const hash = contentHash(entry);
    files.files[entry.file] = { id: entry.id, hash };
    fileIds.set(entry.file, entry.id);
    if (!full && before[entry.file]?.hash === hash) {
      unchanged++;
      continue;
    }
    const current = await repo.get(entry.id);
    if (
      current?.doc.published &&
      sameContent(current.doc.published, entry) &&
      current.doc.published.file === entry.file
    ) {
      unchanged++;
      continue;
    }
    changes.push({ kind: 'publish', entry });
  }
  for (const [file, last] of Object.entries(before)) {
    if (broken.has(file)) {
      files.files[file] = last; // a broken file keeps its last good version
      continue;
    }
    const nowId = fileIds.get(file);
    if (nowId === last.id) continue;
    // The file was deleted, or now holds another id: the entry it used to hold goes, unless it moved.
    const current = await repo.get(last.id);
    const movedTo = load.entries.find((e) => e.id === last.id);
    if (current?.doc.published?.file === file && !movedTo)
      changes.push({ kind: 'delete', id: last.id, file });
  }
  return { changes, files, unchanged };
}

/**
 * Imports a knowledge folder into the store: new and changed files become published revisions by `file`,
 * entries whose file was deleted are removed, broken files are reported and their last good version stays.
 * Entries created in the console (never in a file) are left alone.
 */
export async function importKnowledge(
  repo: KbRepository,
  dir: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const load = await loadKnowledge(
    dir,
    options.knownServices ? { knownServices: options.knownServices } : {},
  );
  const synonyms = await readSynonyms(dir, load);
  // Another instance may import the same change at the same moment: then plan again against its result.
  return retryOnConflict(
    async () => {
      const { changes, files, unchanged } = await plan(repo, load, options.full === true);
      const synonymsChanged = synonyms !== undefined && synonyms !== (await repo.synonymsText());
      const before = await repo.generation();
      const filesChanged = JSON.stringify(files) !== JSON.stringify(await repo.files());
      if (changes.length === 0 && !synonymsChanged && !filesChanged && before > 0) {
        return { published: [], deleted: [], unchanged, load };
      }
      await repo.applyImport(
        changes,
        files,
        synonymsChanged ? synonyms : undefined,
        options.author ?? FILE_AUTHOR,
      );
      return {
        published: changes.flatMap((c) => (c.kind === 'publish' ? [c.entry.id] : [])),
        deleted: changes.flatMap((c) => (c.kind === 'delete' ? [c.id] : [])),
        unchanged,
        load,
      };
    },
    { attempts: 3 },
  );
}

/** What an export wrote. */
export interface ExportReport {
  /** Relative paths written. */
  files: string[];
}

/**
 * Writes the store's published entries to a folder in the `knowledge/` layout (`<lang>/<file>.md` with the
 * canonical front matter of {@link serializeEntry}) plus `synonyms.yml`. Files of entries the store does not
 * have are left in place; drafts are not exported (they are not the knowledge base yet).
 */
export async function exportKnowledge(repo: KbRepository, dir: string): Promise<ExportReport> {
  const written: string[] = [];
  const entries: KbEntry[] = await repo.published();
  for (const entry of entries) {
    const target = path.join(dir, entry.file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const text = serializeEntry(entry);
    const old = await fs.readFile(target, 'utf8').catch(() => undefined);
    if (old !== text) await fs.writeFile(target, text);
    written.push(entry.file);
  }
  const synonyms = await repo.synonymsText();
  if (synonyms !== undefined) {
    await fs.mkdir(dir, { recursive: true });
    const old = await fs.readFile(path.join(dir, SYNONYMS_FILE), 'utf8').catch(() => undefined);
    if (old !== synonyms) await fs.writeFile(path.join(dir, SYNONYMS_FILE), synonyms);
    written.push(SYNONYMS_FILE);
  }
  return { files: written.sort() };
}
