import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { storageContract } from './storage.contract';

const dirs: string[] = [];
let current = '';
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

storageContract(
  'sqlite',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sqlite-'));
    dirs.push(dir);
    current = path.join(dir, 'nested', 'sportello.db');
    return new SqliteStorage(current);
  },
  async () => new SqliteStorage(current),
);

describe('SqliteStorage specifics', () => {
  it('creates the database file in WAL mode inside a new folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sqlite-'));
    dirs.push(dir);
    const file = path.join(dir, 'data', 'sportello.db');
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

describe('SqliteStorage upgrades and upkeep', () => {
  it('upgrades a database written by the first schema in place, keeping documents, streams and numbering', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sqlite-'));
    dirs.push(dir);
    const file = path.join(dir, 'old.db');
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-sqlite-'));
    dirs.push(dir);
    const file = path.join(dir, 'busy.db');
    const storage = new SqliteStorage(file, { checkpointIntervalMs: 50, walRestartPages: 256 });
    // Bytes 12-15 of the log's header count its restarts (SQLite's "checkpoint sequence number").
    const restarts = () => {
      const header = Buffer.alloc(16);
      const fd = fs.openSync(`${file}-wal`, 'r');
      fs.readSync(fd, header, 0, 16, 0);
      fs.closeSync(fd);
      return header.readUInt32BE(12);
    };
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
