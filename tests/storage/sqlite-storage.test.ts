import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
