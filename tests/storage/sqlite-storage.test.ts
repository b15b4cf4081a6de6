import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { VersionConflictError } from '../../src/storage/errors';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { eventually } from '../helpers/eventually';
import { walRestarts } from '../helpers/wal-restarts';
import { storageContract } from './storage.contract';

const dirs: string[] = [];
let current = '';
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A path for a database file (`name`, possibly inside folders to create) in a new temp folder. */
function tempFile(...name: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sqlite-'));
  dirs.push(dir);
  return path.join(dir, ...name);
}

storageContract(
  'sqlite',
  async () => {
    current = tempFile('nested', 'sportello.db');
    return new SqliteStorage(current);
  },
  async () => new SqliteStorage(current),
);

describe('SqliteStorage specifics', () => {
  it('creates the database file in WAL mode inside a new folder', async () => {
    const file = tempFile('data', 'sportello.db');
    const storage = new SqliteStorage(file);
    await storage.put('c', 'k', 1);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await storage.close();
  });

  it('reports a closed database as unavailable instead of crashing', async () => {
    const storage = new SqliteStorage(':memory:');
    await storage.close();
    await expect(storage.ping()).rejects.toMatchObject({ name: 'StorageUnavailableError' });
  });
});

describe('SqliteStorage writer thread', () => {
  it('refuses writes politely and reports not ready when its writer thread has died, keeping what was committed', async () => {
    const file = tempFile('writer.db');
    const storage = new SqliteStorage(file);
    await storage.put('tickets', 'SPT-1', { status: 'open' });
    await storage.ping();
    // The thread dies (as after a fatal error inside it).
    const thread = (storage as unknown as { thread: { worker: { terminate(): Promise<number> } } }).thread;
    await thread.worker.terminate();
    await expect(storage.put('tickets', 'SPT-2', { status: 'open' })).rejects.toMatchObject({
      name: 'StorageUnavailableError',
    });
    await expect(storage.ping()).rejects.toMatchObject({ name: 'StorageUnavailableError' });
    expect(await storage.get('tickets', 'SPT-1')).toEqual({ status: 'open' });
    await storage.close();
    // Opened again, the committed ticket is there and the refused one is not.
    const reopened = new SqliteStorage(file);
    expect(await reopened.get('tickets', 'SPT-1')).toEqual({ status: 'open' });
    expect(await reopened.get('tickets', 'SPT-2')).toBeUndefined();
    await reopened.close();
  });

  it('in a burst larger than one group, refuses only the stale writes and keeps every other one, in order', async () => {
    const storage = new SqliteStorage(tempFile('burst.db'));
    const stale = await storage.put('conversations', 'c', { turns: -1 });
    await storage.put('conversations', 'c', { turns: 0 });
    // 60 conversations' turns in one tick, every fifth one written on a version that is already gone.
    const turns = Array.from({ length: 60 }, (_, i) =>
      storage.batch([
        i % 5 === 4
          ? { op: 'put', collection: 'conversations', key: 'c', value: { turns: i }, expectVersion: stale }
          : { op: 'put', collection: 'conversations', key: `c${i}`, value: { turns: i } },
        { op: 'append', stream: 'transcript:burst', value: `riga ${i}` },
      ]),
    );
    const outcomes = await Promise.allSettled(turns);
    expect(outcomes.map((o) => o.status)).toEqual(
      Array.from({ length: 60 }, (_, i) => (i % 5 === 4 ? 'rejected' : 'fulfilled')),
    );
    expect((outcomes[4] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    expect((await storage.read<string>('transcript:burst')).map((e) => e.value)).toEqual(
      Array.from({ length: 60 }, (_, i) => i)
        .filter((i) => i % 5 !== 4)
        .map((i) => `riga ${i}`),
    );
    expect(await storage.get('conversations', 'c')).toEqual({ turns: 0 });
    expect(await storage.get('conversations', 'c58')).toEqual({ turns: 58 });
    await storage.close();
  });

  it('commits what was queued before closing', async () => {
    const file = tempFile('closing.db');
    const storage = new SqliteStorage(file);
    const writes = Array.from({ length: 100 }, (_, i) => storage.append('transcript:a', `riga ${i}`));
    await storage.close();
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const reopened = new SqliteStorage(file);
    expect(await reopened.read('transcript:a')).toHaveLength(100);
    await reopened.close();
  });
});

describe('SqliteStorage upgrades and upkeep', () => {
  it('upgrades a database written by the first schema in place, keeping documents, streams and numbering', async () => {
    const file = tempFile('old.db');
    // The first schema, as earlier Sportello versions created it.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE documents (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        version INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID;
      CREATE TABLE streams (stream TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (stream, seq)) WITHOUT ROWID;
      CREATE TABLE stream_heads (stream TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('tickets', 'SPT-2026-000001', '{"status":"open"}', 3, 1700000000000);
      INSERT INTO streams VALUES ('transcript:a', 1, '"ciao"', 1700000000000), ('transcript:a', 2, '"grazie"', 1700000001000);
      INSERT INTO stream_heads VALUES ('deleted', 7);
      INSERT INTO counters VALUES ('protocol:2026', 41);
    `);
    old.close();

    const storage = new SqliteStorage(file);
    expect(await storage.getVersioned('tickets', 'SPT-2026-000001')).toEqual({
      value: { status: 'open' },
      version: 3,
    });
    expect((await storage.read('transcript:a')).map((e) => [e.seq, e.value])).toEqual([
      [1, 'ciao'],
      [2, 'grazie'],
    ]);
    expect(await storage.append('transcript:a', 'a dopo')).toBe(3);
    expect(await storage.append('deleted', 'riusato')).toBe(8);
    expect(await storage.increment('protocol:2026')).toBe(42);
    await storage.close();

    // Opening again does not migrate twice.
    const reopened = new SqliteStorage(file);
    expect(await reopened.read('transcript:a')).toHaveLength(3);
    await reopened.close();
  });

  it('restarts the write-ahead log during a steady stream of writes instead of letting it grow for ever', async () => {
    const file = tempFile('busy.db');
    const storage = new SqliteStorage(file, { checkpointIntervalMs: 50, walRestartPages: 256 });
    const restarts = () => walRestarts(file);
    await storage.append('transcript:0', 'primo');
    const before = restarts();
    const value = 'x'.repeat(1000);
    // Writes from 50 conversations at once, never pausing, until the log has started over (at most 20 s).
    let rounds = 0;
    for (const end = Date.now() + 20_000; Date.now() < end && restarts() === before; rounds++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => storage.append(`transcript:${i}`, `${value}${rounds}`)),
      );
    }
    expect(restarts()).toBeGreaterThan(before);
    expect(await storage.read('transcript:7')).toHaveLength(rounds);
    await storage.close();
  });
});

describe('SqliteStorage files', () => {
  it('leaves no descriptor of its files open once closed', async () => {
    if (!fs.existsSync('/proc/self/fd')) {
      console.log('skipped: counting open files needs /proc/self/fd (Linux)');
      return;
    }
    const file = tempFile('files.db');
    const openOnIt = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
        } catch {
          return false; // closed meanwhile
        }
      }).length;
    const storage = new SqliteStorage(file);
    await storage.put('c', 'k', { n: 1 });
    expect(openOnIt()).toBeGreaterThan(0);
    await storage.close();
    expect(openOnIt()).toBe(0);
  });
});

describe('SqliteStorage document cache', () => {
  it('sees documents changed by another process on the same file instead of its cached copies', async () => {
    const file = tempFile('shared.db');
    const server = new SqliteStorage(file);
    const cli = new SqliteStorage(file);
    await server.put('users', 'maria', { password: 'vecchia' });
    expect(await server.get('users', 'maria')).toEqual({ password: 'vecchia' });
    // Another process (the users CLI, say) changes the password: the server's next conditional write on its
    // cached copy is refused, and its retry reads the new one.
    await cli.put('users', 'maria', { password: 'nuova' });
    await expect(server.put('users', 'maria', { password: 'x' }, { expectVersion: 1 })).rejects.toMatchObject(
      {
        name: 'VersionConflictError',
        actual: 2,
      },
    );
    expect(await server.getVersioned('users', 'maria')).toEqual({ value: { password: 'nuova' }, version: 2 });
    // A plain read shows another process's change shortly after (the writer thread looks every 100 ms).
    await cli.put('users', 'maria', { password: 'terza' });
    await eventually(async () => expect(await server.get('users', 'maria')).toEqual({ password: 'terza' }));
    await cli.close();
    await server.close();
  });

  it('sees a change made by another process while its own writer thread was still starting', async () => {
    const file = tempFile('starting.db');
    const other = new SqliteStorage(file);
    await other.put('kb', 'generation', 1);
    const server = new SqliteStorage(file);
    // Read (and cached) right away, before the server's writer thread is up; then changed elsewhere.
    expect(await server.get('kb', 'generation')).toBe(1);
    await other.put('kb', 'generation', 2);
    await eventually(async () => expect(await server.get('kb', 'generation')).toBe(2));
    await other.close();
    await server.close();
  });

  it('gives every reader its own copy: changing a read value does not change the next read', async () => {
    const storage = new SqliteStorage(':memory:');
    await storage.put('conversations', 'webchat:a', { step: 1, vars: { name: 'Maria' } });
    const first = await storage.get<{ step: number; vars: { name: string } }>('conversations', 'webchat:a');
    if (!first) throw new Error('missing');
    first.step = 99;
    first.vars.name = 'cambiato';
    expect(await storage.get('conversations', 'webchat:a')).toEqual({ step: 1, vars: { name: 'Maria' } });
    await storage.close();
  });
});
