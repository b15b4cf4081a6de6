import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite-storage';

describe('SQLite checkpoints off the event loop', () => {
  it('moves committed writes from the write-ahead log into the database file in the background', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-checkpoint-'));
    const file = path.join(dir, 'sportello.db');
    const storage = new SqliteStorage(file);
    const before = fs.statSync(file).size;
    await storage.batch(
      Array.from({ length: 500 }, (_, i) => ({
        op: 'append' as const,
        stream: 's',
        value: 'x'.repeat(500) + i,
      })),
    );
    // The worker checkpoints every second: the database file itself grows without any further write.
    for (let i = 0; i < 50 && fs.statSync(file).size <= before; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(fs.statSync(file).size).toBeGreaterThan(before);
    await storage.close();
    await storage.close(); // closing twice is harmless
    const reopened = new SqliteStorage(file);
    expect(await reopened.read('s')).toHaveLength(500);
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets a script that closes its storage run to its end (shutdown does not stall or exit early)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-checkpoint-'));
    const script = `
      const { SqliteStorage } = require('./src/storage/sqlite-storage');
      (async () => {
        const storage = new SqliteStorage(${JSON.stringify(path.join(dir, 'db.sqlite'))});
        await storage.put('c', 'k', 1);
        await storage.close();
        console.log('after close');
      })();`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.stdout).toContain('after close');
  });
});
