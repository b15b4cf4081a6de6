import * as path from 'node:path';
import chokidar from 'chokidar';
import type { Logger } from 'pino';
import type { Storage } from '../storage/storage';
import { formatProblem } from './errors';
import { KbRepository } from './kb-repository';
import { importKnowledge } from './kb-sync';
import { KnowledgeSnapshot } from './knowledge-snapshot';
import type { LoadProblem } from './loader';
import { emptySynonyms, parseSynonyms, type Synonyms } from './synonyms';

/** Options of {@link KnowledgeStore}. */
export interface KnowledgeStoreOptions {
  /** The knowledge folder: imported when the store is empty, and watched for edits. */
  dir: string;
  storage: Storage;
  logger: Logger;
  /** Service ids entries may name (read on every import, so new dialogs are seen). */
  knownServices?: () => readonly string[];
  /** Wait after the last file event before importing, so an editor's save burst imports once (ms). */
  debounceMs?: number;
  /**
   * How often to check the store's generation for changes published by another instance or the console
   * (ms; default 1000; 0 = never).
   */
  pollMs?: number;
}

/**
 * The live knowledge base. The store ({@link KbRepository}) is the source of truth: at start-up an empty store
 * imports the folder; while watching, a changed file is imported as a new published revision by `file` (a
 * broken file is reported and its last good version keeps serving; a deleted file's entry disappears). The
 * served {@link KnowledgeSnapshot} is rebuilt from the store's published entries whenever its generation
 * changes — checked every `pollMs`, so an edit published on any instance sharing the database is served by
 * all of them within about a second.
 */
export class KnowledgeStore {
  private current = new KnowledgeSnapshot([], emptySynonyms());
  private goodSynonyms: Synonyms = emptySynonyms();
  private watcher: chokidar.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private seenGeneration = -1;
  private readonly listeners: Array<(snapshot: KnowledgeSnapshot) => void> = [];
  /** Memo lookups and hits of the snapshots replaced so far (the current one keeps its own). */
  private readonly retiredMemo = { lookups: 0, hits: 0 };
  /** The entries in storage, with drafts and revisions (the console's editor uses it). */
  readonly repository: KbRepository;
  /** Problems of the last folder import (for logs, readiness and the console). */
  problems: LoadProblem[] = [];
  /** Number of completed loads; tests and the console watch it. */
  generation = 0;

  constructor(private readonly options: KnowledgeStoreOptions) {
    this.repository = new KbRepository(options.storage);
  }

  /** The knowledge base as of the last rebuild. */
  get snapshot(): KnowledgeSnapshot {
    return this.current;
  }

  /**
   * How many searches were looked up in a snapshot's memo and how many it answered, over every snapshot this
   * store has served (for `/metrics`). Read on demand, so searches pay nothing for it.
   */
  memoStats(): { lookups: number; hits: number } {
    const current = this.current.memoStats();
    return {
      lookups: this.retiredMemo.lookups + current.lookups,
      hits: this.retiredMemo.hits + current.hits,
    };
  }

  /**
   * Starts the store: imports the folder when the store has no knowledge base yet (or, with `sync`, imports
   * the files changed since the last import), then builds the snapshot.
   */
  async init(sync: boolean): Promise<void> {
    const empty = (await this.repository.generation()) === 0;
    if (empty || sync) await this.reload();
    else await this.refresh();
  }

  /** Calls `listener` with every new snapshot as soon as it is served (semantic retrieval follows it). */
  onLoad(listener: (snapshot: KnowledgeSnapshot) => void): void {
    this.listeners.push(listener);
  }

  /** Imports the folder's changes into the store now and rebuilds. Concurrent calls run one after the other. */
  reload(): Promise<void> {
    return this.serial(async () => {
      await this.importFolder();
      await this.rebuild();
    });
  }

  /** Rebuilds the snapshot from the store if its generation changed (after a publish, or on the poll). */
  refresh(): Promise<void> {
    return this.serial(async () => {
      if ((await this.repository.generation()) !== this.seenGeneration) await this.rebuild();
    });
  }

  /** Starts watching the folder; changes are imported within `debounceMs` (default 200 ms) plus load time. */
  async watch(): Promise<void> {
    if (this.watcher) return;
    const watcher = chokidar.watch(this.options.dir, { ignoreInitial: true, ignored: /(^|[/\\])\../ });
    watcher.on('all', (_event, file) => {
      if (!/\.(md|ya?ml)$/i.test(file)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 200);
    });
    watcher.on('error', (err) => this.options.logger.error({ err }, 'knowledge base watcher failed'));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.watcher = watcher;
  }

  /** Starts polling the store's generation (other instances, the console). */
  startPolling(): void {
    const ms = this.options.pollMs ?? 1000;
    if (ms <= 0 || this.poller) return;
    this.poller = setInterval(() => void this.refresh(), ms);
    this.poller.unref();
  }

  /** Stops watching and polling. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.poller = undefined;
    await this.watcher?.close();
    this.watcher = undefined;
    await this.queue;
  }

  private serial(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((err: unknown) => {
      this.options.logger.error(
        { err, dir: this.options.dir },
        'knowledge base reload failed; previous version kept',
      );
    });
    return this.queue;
  }

  private async importFolder(): Promise<void> {
    const { logger, dir } = this.options;
    const knownServices = this.options.knownServices?.();
    const report = await importKnowledge(this.repository, dir, knownServices ? { knownServices } : {});
    this.problems = report.load.problems;
    const served = new Set((await this.repository.published()).map((e) => e.file));
    for (const p of report.load.problems) {
      const kept = p.fatal && served.has(p.file) ? ' (last good version kept)' : '';
      logger.warn(
        { file: path.join(dir, p.file), line: p.line },
        `knowledge base: ${formatProblem(p)}${kept}`,
      );
    }
    if (report.published.length || report.deleted.length)
      logger.info(
        { published: report.published, deleted: report.deleted },
        'knowledge base: folder imported',
      );
  }

  private async rebuild(): Promise<void> {
    const generation = await this.repository.generation();
    const entries = await this.repository.published();
    const text = await this.repository.synonymsText();
    if (text !== undefined) {
      const parsed = parseSynonyms(text);
      if ('synonyms' in parsed) this.goodSynonyms = parsed.synonyms;
    } else this.goodSynonyms = emptySynonyms();
    const replaced = this.current.memoStats();
    this.retiredMemo.lookups += replaced.lookups;
    this.retiredMemo.hits += replaced.hits;
    this.current = new KnowledgeSnapshot(entries, this.goodSynonyms);
    this.seenGeneration = generation;
    this.generation++;
    for (const listener of this.listeners) {
      try {
        listener(this.current);
      } catch (err) {
        this.options.logger.error({ err }, 'knowledge base: a reload listener failed');
      }
    }
    this.options.logger.info(
      { entries: entries.length, problems: this.problems.length, generation: this.generation },
      'knowledge base loaded',
    );
  }
}
