import * as path from 'node:path';
import chokidar from 'chokidar';
import type { Logger } from 'pino';
import type { KbEntry } from './entry';
import { formatProblem } from './errors';
import { KnowledgeSnapshot } from './knowledge-snapshot';
import { type LoadProblem, loadKnowledge } from './loader';
import { emptySynonyms, type Synonyms } from './synonyms';

/** Options of {@link KnowledgeStore}. */
export interface KnowledgeStoreOptions {
  dir: string;
  logger: Logger;
  /** Service ids entries may name (read on every reload, so new dialogs are seen). */
  knownServices?: () => readonly string[];
  /** Wait after the last file event before reloading, so an editor's save burst reloads once (ms). */
  debounceMs?: number;
}

/**
 * The live knowledge base: loads the directory, serves the current {@link KnowledgeSnapshot} and, when watching,
 * reloads on every change. A file that breaks is reported and its last good version keeps serving; an entry
 * whose file was deleted disappears.
 */
export class KnowledgeStore {
  private current = new KnowledgeSnapshot([], emptySynonyms());
  private lastGood = new Map<string, KbEntry>();
  private goodSynonyms: Synonyms = emptySynonyms();
  private watcher: chokidar.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  /** Problems of the last load (for logs, readiness and the console). */
  problems: LoadProblem[] = [];
  /** Number of completed loads; tests and the console watch it. */
  generation = 0;

  constructor(private readonly options: KnowledgeStoreOptions) {}

  /** The knowledge base as of the last successful load. */
  get snapshot(): KnowledgeSnapshot {
    return this.current;
  }

  /** Loads (or reloads) the directory now. Concurrent calls run one after the other. */
  reload(): Promise<void> {
    this.reloading = this.reloading
      .then(() => this.load())
      .catch((err: unknown) => {
        this.options.logger.error(
          { err, dir: this.options.dir },
          'knowledge base reload failed; previous version kept',
        );
      });
    return this.reloading;
  }

  /** Starts watching the directory; changes are applied within `debounceMs` (default 200 ms) plus load time. */
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

  /** Stops watching. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
    this.watcher = undefined;
    await this.reloading;
  }

  private async load(): Promise<void> {
    const { logger, dir } = this.options;
    const knownServices = this.options.knownServices?.();
    const result = await loadKnowledge(dir, knownServices ? { knownServices } : {});
    const fresh = new Map(result.entries.map((e) => [e.file, e]));
    const ids = new Set(result.entries.map((e) => e.id));
    const broken = new Set(result.problems.filter((p) => p.fatal).map((p) => p.file));
    // A broken file keeps its last good version, unless its id is now used by another file.
    for (const file of broken) {
      const previous = this.lastGood.get(file);
      if (previous && result.files.includes(file) && !ids.has(previous.id)) {
        fresh.set(file, previous);
        ids.add(previous.id);
      }
    }
    if (!result.synonymsBroken) this.goodSynonyms = result.synonyms;
    this.lastGood = fresh;
    this.current = new KnowledgeSnapshot([...fresh.values()], this.goodSynonyms);
    this.problems = result.problems;
    this.generation++;
    for (const p of result.problems) {
      const kept = p.fatal && fresh.has(p.file) ? ' (last good version kept)' : '';
      logger.warn(
        { file: path.join(dir, p.file), line: p.line },
        `knowledge base: ${formatProblem(p)}${kept}`,
      );
    }
    logger.info(
      { entries: fresh.size, problems: result.problems.length, generation: this.generation },
      'knowledge base loaded',
    );
  }
}
