import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { createKnowledgeBase, type KbEntry, type KnowledgeBase } from '../../../src/kb';
import { KbRepository } from '../../../src/kb/kb-repository';
import { exportKnowledge, importKnowledge } from '../../../src/kb/kb-sync';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import { eventually } from '../../helpers/eventually';

const DEMO = path.join(__dirname, '../../../knowledge');
const logger = pino({ level: 'silent' });

async function tree(dir: string, sub = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const item of await fs.readdir(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${item.name}` : item.name;
    if (item.isDirectory()) for (const [k, v] of await tree(dir, rel)) out.set(k, v);
    else out.set(rel, await fs.readFile(path.join(dir, rel)));
  }
  return out;
}

async function tmp(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'sportello-kbstore-'));
}

describe('kb import / export', () => {
  it('round-trips the demo knowledge base byte for byte (import → export gives the same files)', async () => {
    const repo = new KbRepository(new MemoryStorage());
    const report = await importKnowledge(repo, DEMO, { full: true });
    expect(report.published).toHaveLength(65);
    expect(report.load.problems.filter((p) => p.fatal)).toEqual([]);
    const out = await tmp();
    await exportKnowledge(repo, out);
    const original = await tree(DEMO);
    const exported = await tree(out);
    expect([...exported.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [file, bytes] of original) expect(exported.get(file)?.equals(bytes)).toBe(true);
    await fs.rm(out, { recursive: true, force: true });
  });

  it('loses nothing through import → export → import of a file in another style (normalized comparison)', async () => {
    const dir = await tmp();
    await fs.mkdir(path.join(dir, 'it'));
    // Single quotes, block tags, a comment and CRLF: not the canonical layout, same content.
    await fs.writeFile(
      path.join(dir, 'it/piscina.md'),
      "---\r\nid: piscina\r\nlang: it\r\ntitle: 'Piscina: orari'\r\n# a comment\r\nquestions: ['Che orari fa la piscina?']\r\ntags:\r\n  - sport\r\nvalid_from: 2024-01-01\r\nvalid_until: '2099-12-31'\r\n---\r\n\r\nAperta **dalle 9** alle 18.\r\n",
    );
    const a = new KbRepository(new MemoryStorage());
    await importKnowledge(a, dir, { full: true });
    const out = await tmp();
    await exportKnowledge(a, out);
    const b = new KbRepository(new MemoryStorage());
    await importKnowledge(b, out, { full: true });
    expect(await b.published()).toEqual(await a.published());
    expect((await a.published())[0]).toMatchObject({
      title: 'Piscina: orari',
      tags: ['sport'],
      valid_from: '2024-01-01',
      valid_until: '2099-12-31',
      body: 'Aperta **dalle 9** alle 18.',
    });
    // And a second export is byte-identical to the first.
    const again = await tmp();
    await exportKnowledge(b, again);
    expect(await tree(again)).toEqual(await tree(out));
    for (const d of [dir, out, again]) await fs.rm(d, { recursive: true, force: true });
  });
});

describe('knowledge base in storage', () => {
  let dir: string;
  const open: KnowledgeBase[] = [];
  const entry = (body: string) =>
    `---\nid: piscina\nlang: it\ntitle: "Piscina comunale"\nquestions:\n  - "Che orari fa la piscina comunale?"\n---\n\n${body}\n`;

  beforeEach(async () => {
    dir = await tmp();
    await fs.mkdir(path.join(dir, 'it'));
    await fs.writeFile(path.join(dir, 'it/piscina.md'), entry('Aperta dalle 9 alle 18.'));
  });
  afterEach(async () => {
    for (const kb of open.splice(0)) await kb.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function kbOn(storage: MemoryStorage | SqliteStorage, watch = false, pollMs = 100) {
    const kb = await createKnowledgeBase({
      dir,
      watch,
      answerThreshold: 0.5,
      suggestThreshold: 0.4,
      storage,
      logger,
      pollMs,
    });
    open.push(kb);
    return kb;
  }
  const top = (kb: KnowledgeBase) => kb.search('orari piscina', 'it').results[0]?.entry;

  it('imports the folder into an empty store once, then serves the store', async () => {
    const storage = new MemoryStorage();
    const kb = await kbOn(storage);
    expect(top(kb)?.body).toBe('Aperta dalle 9 alle 18.');
    const revisions = await kb.store.repository.revisions('piscina');
    expect(revisions).toEqual([expect.objectContaining({ seq: 1, action: 'import', author: 'file' })]);
    // Without watching, a later file change does not override the store at the next start.
    await kb.close();
    open.pop();
    await fs.writeFile(path.join(dir, 'it/piscina.md'), entry('Cambiato sul disco.'));
    const again = await kbOn(storage);
    expect(top(again)?.body).toBe('Aperta dalle 9 alle 18.');
  });

  it('keeps a draft unserved until published, then serves it; restore brings an old revision back', async () => {
    const kb = await kbOn(new MemoryStorage());
    const repo = kb.store.repository;
    const loaded = await repo.get('piscina');
    const edited = { ...(loaded?.doc.published as NonNullable<typeof loaded>['doc']['published'] & object) };
    edited.body = 'Chiusa per lavori fino a marzo.';
    const v2 = await repo.saveDraft(edited, 'elena', loaded?.version ?? 0);
    await kb.store.refresh();
    expect(top(kb)?.body).toBe('Aperta dalle 9 alle 18.');
    // A stale version is refused (someone else saved meanwhile).
    await expect(repo.saveDraft(edited, 'marco', loaded?.version ?? 0)).rejects.toThrow(
      /changed by someone else/,
    );
    await repo.publishDraft('piscina', 'elena', v2);
    await kb.store.refresh();
    expect(top(kb)?.body).toBe('Chiusa per lavori fino a marzo.');
    const revisions = await repo.revisions('piscina');
    expect(revisions.map((r) => [r.seq, r.action, r.author])).toEqual([
      [1, 'import', 'file'],
      [2, 'draft', 'elena'],
      [3, 'publish', 'elena'],
    ]);
    await repo.restore('piscina', 1, 'admin');
    await kb.store.refresh();
    expect(top(kb)?.body).toBe('Aperta dalle 9 alle 18.');
    expect((await repo.revisions('piscina')).at(-1)).toMatchObject({
      seq: 4,
      action: 'restore',
      restoredFrom: 1,
    });
  });

  it('imports an edited file as a new revision by "file" and keeps console edits when files do not change', async () => {
    const kb = await kbOn(new MemoryStorage(), true);
    const repo = kb.store.repository;
    await fs.writeFile(path.join(dir, 'it/piscina.md'), entry('Nuovo orario estivo.'));
    await eventually(() => expect(top(kb)?.body).toBe('Nuovo orario estivo.'));
    expect((await repo.revisions('piscina')).at(-1)).toMatchObject({ action: 'import', author: 'file' });
    // An editor publishes in the console; touching another file must not undo it.
    const cur = await repo.get('piscina');
    await repo.saveDraft(
      { ...(cur?.doc.published as KbEntry), body: 'Dal console.' },
      'elena',
      cur?.version ?? 0,
    );
    await repo.publishDraft('piscina', 'elena', (cur?.version ?? 0) + 1);
    await fs.writeFile(
      path.join(dir, 'it/palestra.md'),
      entry('Palestra.')
        .replace('id: piscina', 'id: palestra')
        .replace(/piscina comunale/gi, 'palestra'),
    );
    await eventually(async () => expect(await repo.get('palestra')).toBeDefined());
    await eventually(() => expect(top(kb)?.body).toBe('Dal console.'));
  });

  it('serves an edit published by another instance sharing the database within the poll interval', async () => {
    const file = path.join(dir, 'shared.db');
    const a = new SqliteStorage(file);
    const b = new SqliteStorage(file);
    try {
      const kbA = await kbOn(a, false, 100);
      const kbB = await kbOn(b, false, 100);
      expect(top(kbB)?.body).toBe('Aperta dalle 9 alle 18.');
      const repo = kbA.store.repository;
      const cur = await repo.get('piscina');
      await repo.saveDraft(
        { ...(cur?.doc.published as KbEntry), body: 'Modificata su A.' },
        'elena',
        cur?.version ?? 0,
      );
      await repo.publishDraft('piscina', 'elena', (cur?.version ?? 0) + 1);
      await eventually(() => expect(top(kbB)?.body).toBe('Modificata su A.'), 2000);
    } finally {
      for (const kb of open.splice(0)) await kb.close();
      await a.close();
      await b.close();
    }
  });
});
