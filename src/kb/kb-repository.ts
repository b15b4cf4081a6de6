import { VersionConflictError } from '../storage/errors';
import type { BatchOp, Storage } from '../storage/storage';
import type { KbEntry } from './entry';
import { entryContent, sameContent } from './entry-file';
import { EntryChangedError, EntryExistsError, EntryNotFoundError } from './errors';

/** Storage collection of entries: one document per id with its published version and its draft. */
export const KB_ENTRIES = 'kb-entries';
/** Storage collection of knowledge-base metadata (`generation`, `synonyms`, `files`). */
export const KB_META = 'kb-meta';
/** The storage stream of an entry's revisions (sequence number = revision number). */
export function revisionStream(id: string): string {
  return `kb-revisions:${id}`;
}

/** Who changes entries when files are imported (start-up, hot reload, `kb import`). */
export const FILE_AUTHOR = 'file';

/** An entry's draft: the content being edited, with who saved it last. */
export interface KbDraft {
  entry: KbEntry;
  savedBy: string;
  savedAt: string;
}

/** The stored document of one entry id. */
export interface KbEntryDoc {
  id: string;
  /** What citizens are served; absent for a never-published entry or a deleted one. */
  published?: KbEntry;
  draft?: KbDraft;
  /** Revision number of the published content. */
  publishedRevision?: number;
  updatedAt: string;
  updatedBy: string;
}

/** What a revision did. */
export type RevisionAction = 'draft' | 'publish' | 'import' | 'restore' | 'delete';

/** One revision of an entry, in its {@link revisionStream}. */
export interface KbRevision {
  action: RevisionAction;
  author: string;
  at: string;
  /** The content as of this revision (absent for `delete`). */
  entry?: KbEntry;
  /** For `restore`: the revision number restored. */
  restoredFrom?: number;
}

/** The imported state of the knowledge folder: per file, the id and content hash last imported. */
export interface KbFilesDoc {
  files: Record<string, { id: string; hash: string }>;
}

/** One write the import planned: publish or delete an entry. */
export type ImportChange = { kind: 'publish'; entry: KbEntry } | { kind: 'delete'; id: string; file: string };

/**
 * The knowledge base in storage, the source of truth at run time: entries with their published version and
 * draft, a revision stream per entry, the synonyms file text and a generation document whose version grows
 * with every published change (other instances poll it to reload).
 */
export class KbRepository {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The generation: the version of the `generation` document (0 before the first import). */
  async generation(): Promise<number> {
    return (await this.storage.getVersioned(KB_META, 'generation'))?.version ?? 0;
  }

  /** Every entry document, in id order. */
  async list(): Promise<Array<{ doc: KbEntryDoc; version: number }>> {
    const rows = await this.storage.list<KbEntryDoc>(KB_ENTRIES);
    const out: Array<{ doc: KbEntryDoc; version: number }> = [];
    // list() carries no versions: read each (a knowledge base holds hundreds of entries, not millions).
    for (const row of rows) {
      const v = await this.storage.getVersioned<KbEntryDoc>(KB_ENTRIES, row.key);
      if (v) out.push({ doc: v.value, version: v.version });
    }
    return out;
  }

  /** The published entries, as served. */
  async published(): Promise<KbEntry[]> {
    const rows = await this.storage.list<KbEntryDoc>(KB_ENTRIES);
    return rows.flatMap((r) => (r.value.published ? [r.value.published] : []));
  }

  /** One entry document with its version, or undefined. */
  async get(id: string): Promise<{ doc: KbEntryDoc; version: number } | undefined> {
    const v = await this.storage.getVersioned<KbEntryDoc>(KB_ENTRIES, id);
    return v ? { doc: v.value, version: v.version } : undefined;
  }

  /** The revisions of an entry, oldest first. */
  async revisions(id: string): Promise<Array<KbRevision & { seq: number }>> {
    const rows = await this.storage.read<KbRevision>(revisionStream(id));
    return rows.map((r) => ({ seq: r.seq, ...r.value }));
  }

  /** The synonyms file text (`synonyms.yml`), or undefined when none was imported or saved. */
  async synonymsText(): Promise<string | undefined> {
    return (await this.storage.get<{ text: string }>(KB_META, 'synonyms'))?.text;
  }

  /** Saves the synonyms file text (already validated) and bumps the generation. */
  async saveSynonyms(text: string, author: string): Promise<void> {
    await this.storage.batch([
      { op: 'put', collection: KB_META, key: 'synonyms', value: { text } },
      this.bump(author),
    ]);
  }

  /**
   * Saves a draft. `expectVersion` is the document version the editor loaded (`null` for a new entry);
   * a mismatch throws {@link EntryChangedError} (or {@link EntryExistsError} for a new id that exists).
   */
  async saveDraft(entry: KbEntry, author: string, expectVersion: number | null): Promise<number> {
    const current = await this.get(entry.id);
    if (expectVersion === null && current) throw new EntryExistsError(entry.id);
    if (expectVersion !== null && current?.version !== expectVersion) throw new EntryChangedError(entry.id);
    const at = this.now().toISOString();
    const clean = { ...entryContent(entry), file: entry.file };
    const doc: KbEntryDoc = {
      ...(current?.doc ?? {}),
      id: entry.id,
      draft: { entry: clean, savedBy: author, savedAt: at },
      updatedAt: at,
      updatedBy: author,
    };
    const revision: KbRevision = { action: 'draft', author, at, entry: clean };
    await this.write([
      { op: 'put', collection: KB_ENTRIES, key: entry.id, value: doc, expectVersion },
      { op: 'append', stream: revisionStream(entry.id), value: revision },
    ]);
    return expectVersion === null ? 1 : expectVersion + 1;
  }

  /** Publishes the entry's draft; throws when there is none or the document changed meanwhile. */
  async publishDraft(id: string, author: string, expectVersion: number): Promise<KbEntry> {
    const current = await this.get(id);
    if (!current) throw new EntryNotFoundError(id);
    if (current.version !== expectVersion) throw new EntryChangedError(id);
    const draft = current.doc.draft?.entry;
    if (!draft) throw new EntryNotFoundError(id);
    await this.publish(draft, author, 'publish', current);
    return draft;
  }

  /** Drops an entry's draft (the published version, if any, stays). */
  async discardDraft(id: string, author: string, expectVersion: number): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new EntryNotFoundError(id);
    if (current.version !== expectVersion) throw new EntryChangedError(id);
    const { draft: _dropped, ...rest } = current.doc;
    if (!rest.published) {
      await this.write([{ op: 'delete', collection: KB_ENTRIES, key: id }]);
      return;
    }
    await this.write([
      {
        op: 'put',
        collection: KB_ENTRIES,
        key: id,
        value: { ...rest, updatedAt: this.now().toISOString(), updatedBy: author },
        expectVersion,
      },
    ]);
  }

  /** Publishes an old revision's content again as a new `restore` revision. */
  async restore(id: string, seq: number, author: string): Promise<KbEntry> {
    const revision = (await this.revisions(id)).find((r) => r.seq === seq);
    if (!revision?.entry) throw new EntryNotFoundError(`${id}@${seq}`);
    const current = await this.get(id);
    await this.publish(revision.entry, author, 'restore', current, seq);
    return revision.entry;
  }

  /** Takes an entry off the knowledge base (a `delete` revision; history stays). */
  async remove(id: string, author: string): Promise<void> {
    const current = await this.get(id);
    if (!current?.doc.published && !current?.doc.draft) throw new EntryNotFoundError(id);
    const at = this.now().toISOString();
    await this.write([
      { op: 'delete', collection: KB_ENTRIES, key: id },
      { op: 'append', stream: revisionStream(id), value: { action: 'delete', author, at } as KbRevision },
      this.bump(author),
    ]);
  }

  /** Publishes content (keeping the current draft only if it differs from what is published now). */
  async publish(
    entry: KbEntry,
    author: string,
    action: 'publish' | 'import' | 'restore',
    current?: { doc: KbEntryDoc; version: number },
    restoredFrom?: number,
  ): Promise<void> {
    await this.write(this.publishOps(entry, author, action, current, restoredFrom));
  }

  /** The imported state of the knowledge folder. */
  async files(): Promise<KbFilesDoc> {
    return (await this.storage.get<KbFilesDoc>(KB_META, 'files')) ?? { files: {} };
  }

  /**
   * Applies an import in one atomic batch: publishes and deletes entries, records the folder state and the
   * synonyms, and bumps the generation once. Throws {@link VersionConflictError} when another writer changed
   * an entry meanwhile (the caller re-plans).
   */
  async applyImport(
    changes: ImportChange[],
    files: KbFilesDoc,
    synonymsText: string | undefined,
    author = FILE_AUTHOR,
  ): Promise<void> {
    const ops: BatchOp[] = [];
    for (const change of changes) {
      const current = await this.get(change.kind === 'publish' ? change.entry.id : change.id);
      if (change.kind === 'publish') {
        ops.push(...this.publishOps(change.entry, author, 'import', current).slice(0, 2));
      } else if (current) {
        ops.push(
          { op: 'delete', collection: KB_ENTRIES, key: change.id },
          {
            op: 'append',
            stream: revisionStream(change.id),
            value: { action: 'delete', author, at: this.now().toISOString() } satisfies KbRevision,
          },
        );
      }
    }
    ops.push({ op: 'put', collection: KB_META, key: 'files', value: files });
    if (synonymsText !== undefined)
      ops.push({ op: 'put', collection: KB_META, key: 'synonyms', value: { text: synonymsText } });
    // Only the folder's bookkeeping changed: nothing served changed, so no reload anywhere.
    if (changes.length || synonymsText !== undefined || (await this.generation()) === 0)
      ops.push(this.bump(author));
    await this.storage.batch(ops);
  }

  private publishOps(
    entry: KbEntry,
    author: string,
    action: 'publish' | 'import' | 'restore',
    current?: { doc: KbEntryDoc; version: number },
    restoredFrom?: number,
  ): BatchOp[] {
    const at = this.now().toISOString();
    const clean: KbEntry = { ...entryContent(entry), file: entry.file };
    const keepDraft =
      current?.doc.draft && action !== 'publish' && !sameContent(current.doc.draft.entry, clean)
        ? { draft: current.doc.draft }
        : {};
    const doc: KbEntryDoc = {
      id: entry.id,
      published: clean,
      ...keepDraft,
      updatedAt: at,
      updatedBy: author,
    };
    const revision: KbRevision = {
      action,
      author,
      at,
      entry: clean,
      ...(restoredFrom !== undefined ? { restoredFrom } : {}),
    };
    return [
      {
        op: 'put',
        collection: KB_ENTRIES,
        key: entry.id,
        value: doc,
        expectVersion: current?.version ?? null,
      },
      { op: 'append', stream: revisionStream(entry.id), value: revision },
      this.bump(author),
    ];
  }

  private bump(author: string): BatchOp {
    return {
      op: 'put',
      collection: KB_META,
      key: 'generation',
      value: { at: this.now().toISOString(), by: author },
    };
  }

  private async write(ops: BatchOp[]): Promise<void> {
    try {
      await this.storage.batch(ops);
    } catch (err) {
      if (err instanceof VersionConflictError && err.collection === KB_ENTRIES) {
        if (err.expected === null) throw new EntryExistsError(err.key);
        throw new EntryChangedError(err.key);
      }
      throw err;
    }
  }
}
