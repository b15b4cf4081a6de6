import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { openWriterConnection, SqliteWriter, type WriteOp } from '../../src/storage/sqlite-writer';
import { walRestarts } from '../helpers/wal-restarts';

let dir = '';
let file = '';
const open: Database.Database[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-writer-'));
  file = path.join(dir, 'sportello.db');
  // The storage creates the schema; the tests then drive a writer on a connection of their own.
  await new SqliteStorage(file).close();
});

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A connection set up as the writer thread sets up its own. */
function writerConnection(): Database.Database {
  const db = openWriterConnection(file, 256 * 1024 * 1024);
  open.push(db);
  return db;
}

const logRestarts = () => walRestarts(file);

const append = (text: string): WriteOp[] => [
  { op: 'append', stream: 'transcript:a', json: JSON.stringify(text) },
];

describe('SqliteWriter catching up with the checkpointer', () => {
  it('copies the rest of the log between groups, so the next commit starts the log over', () => {
    const db = writerConnection();
    const writer = new SqliteWriter(db);
    for (let i = 0; i < 20; i++) writer.commit([append(`messaggio ${i}`)]);
    const before = logRestarts();

    expect(writer.catchUp()).toBe(true);
    writer.commit([append('dopo')]);

    expect(logRestarts()).toBe(before + 1);
    const texts = db.prepare('SELECT value FROM streams ORDER BY seq').pluck().all();
    expect(texts).toHaveLength(21);
    expect(texts.at(-1)).toBe('"dopo"');
  });

  it('leaves the log as it is while a reader still needs it, and catches up once the reader is done', () => {
    const writer = new SqliteWriter(writerConnection());
    writer.commit([append('prima')]);
    const reader = new Database(file);
    open.push(reader);
    // A reader in the middle of a read transaction keeps seeing the log as it was.
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT count(*) FROM streams').pluck().get()).toBe(1);
    writer.commit([append('seconda')]);
    const before = logRestarts();

    expect(writer.catchUp()).toBe(false);
    writer.commit([append('terza')]);
    expect(logRestarts()).toBe(before);
    expect(reader.prepare('SELECT count(*) FROM streams').pluck().get()).toBe(1);

    reader.exec('COMMIT');
    expect(writer.catchUp()).toBe(true);
    writer.commit([append('quarta')]);
    expect(logRestarts()).toBe(before + 1);
    expect(reader.prepare('SELECT count(*) FROM streams').pluck().get()).toBe(4);
  });
});
