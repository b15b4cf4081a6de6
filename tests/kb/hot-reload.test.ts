import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/kb';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from '../../src/kb/policy';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { eventually } from '../helpers/eventually';

const entry = (id: string, title: string, body: string) =>
  `---\nid: ${id}\nlang: it\ntitle: ${title}\nquestions:\n  - Che orari fa la piscina comunale?\n---\n\n${body}\n`;

/** Waits until `check` passes, polling; fails with the last error after `ms`. */
describe('hot reload', () => {
  let dir: string;
  let kb: KnowledgeBase;
  const warnings: string[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sportello-kb-'));
    await fs.mkdir(path.join(dir, 'it'));
    await fs.writeFile(
      path.join(dir, 'it/piscina.md'),
      entry('piscina', 'Piscina comunale', 'Aperta dalle 9 alle 18.'),
    );
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    kb = await createKnowledgeBase({
      dir,
      watch: true,
      answerThreshold: DEFAULT_ANSWER_THRESHOLD,
      suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
      storage: new MemoryStorage(),
      logger,
    });
  });

  afterEach(async () => {
    await kb.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const top = (q: string) => kb.search(q, 'it').results[0]?.entry;

  it('serves an edited answer and a new entry without restart', async () => {
    expect(top('orari piscina')?.body).toBe('Aperta dalle 9 alle 18.');
    await fs.writeFile(
      path.join(dir, 'it/piscina.md'),
      entry('piscina', 'Piscina comunale', 'Chiusa per lavori fino a marzo.'),
    );
    await fs.writeFile(
      path.join(dir, 'it/palestra.md'),
      entry('palestra', 'Palestra', 'Orari palestra.').replace('piscina comunale', 'palestra comunale'),
    );
    await eventually(() => {
      expect(top('orari piscina')?.body).toBe('Chiusa per lavori fino a marzo.');
      expect(top('orari palestra')?.id).toBe('palestra');
    });
  });

  it('keeps serving the last good version of a broken file and reports it', async () => {
    const generation = kb.store.generation;
    await fs.writeFile(
      path.join(dir, 'it/piscina.md'),
      '---\nid: piscina\nlang: it\ntitle: [rotto\n---\n\nNuovo testo\n',
    );
    await eventually(() => expect(kb.store.generation).toBeGreaterThan(generation));
    expect(top('orari piscina')?.body).toBe('Aperta dalle 9 alle 18.');
    expect(kb.store.problems).toEqual([expect.objectContaining({ file: 'it/piscina.md', fatal: true })]);
    expect(warnings.join('')).toMatch(/it\/piscina\.md:\d+ YAML.*last good version kept/);
    // Once fixed, the new version serves.
    await fs.writeFile(path.join(dir, 'it/piscina.md'), entry('piscina', 'Piscina comunale', 'Riaperta.'));
    await eventually(() => expect(top('orari piscina')?.body).toBe('Riaperta.'));
  });

  it('keeps counting memo lookups and hits across reloads', async () => {
    top('orari piscina');
    top('orari piscina');
    expect(kb.store.memoStats()).toEqual({ lookups: 2, hits: 1 });
    const generation = kb.store.generation;
    await fs.writeFile(path.join(dir, 'it/piscina.md'), entry('piscina', 'Piscina comunale', 'Riaperta.'));
    await eventually(() => expect(kb.store.generation).toBeGreaterThan(generation));
    // A new snapshot starts with an empty memo; the store's figures go on from where they were.
    expect(top('orari piscina')?.body).toBe('Riaperta.');
    expect(kb.store.memoStats()).toEqual({ lookups: 3, hits: 1 });
  });

  it('drops an entry whose file is deleted', async () => {
    await fs.rm(path.join(dir, 'it/piscina.md'));
    await eventually(() => expect(top('orari piscina')).toBeUndefined());
  });
});
