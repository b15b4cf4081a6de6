import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoginLockout, MAX_FAILURES } from '../../src/console/lockout';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { PostgresStorage } from '../../src/storage/postgres-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import type { Storage } from '../../src/storage/storage';
import { dropSchema, postgresReachable, TEST_DATABASE_URL } from '../helpers/postgres';

/** Two instances' storages on one database (or the same storage twice where the backend is one process). */
type Backend = { name: string; open(): Promise<[Storage, Storage]>; close(): Promise<void> };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-lockout-'));
const opened: Storage[] = [];
const backends: Backend[] = [
  {
    name: 'memory',
    async open() {
      const s = new MemoryStorage();
      opened.push(s);
      return [s, s];
    },
    close: async () => undefined,
  },
  {
    name: 'sqlite',
    async open() {
      const s = new SqliteStorage(path.join(dir, `${opened.length}.db`));
      opened.push(s);
      return [s, s];
    },
    close: async () => undefined,
  },
];
const schema = `lockout_${process.pid}_${Date.now()}`;
if (postgresReachable('login lockout on PostgreSQL'))
  backends.push({
    name: 'postgres, two instances',
    async open() {
      const a = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
      const b = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
      opened.push(a, b);
      return [a, b];
    },
    close: () => dropSchema(schema),
  });

afterAll(async () => {
  for (const s of opened) await s.close();
  for (const b of backends) await b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(backends)('login lockout on $name', (backend) => {
  it('admits at most 5 of 60 attempts counted at the same moment, across instances', async () => {
    const [a, b] = await backend.open();
    const lockouts = [new LoginLockout(a), new LoginLockout(b)];
    const user = `marco${Math.random()}`;
    const admissions = await Promise.all(
      Array.from({ length: 60 }, (_v, i) => (lockouts[i % 2] as LoginLockout).begin(user, '10.0.0.1')),
    );
    const admitted = admissions.filter((x) => x.admitted);
    expect(admitted).toHaveLength(MAX_FAILURES);
    expect(admissions.filter((x) => !x.admitted && x.reason === 'busy')).toHaveLength(55);
    // All five fail: the fifth failure locks the pair, on both instances.
    const locked = await Promise.all(
      admitted.map((x, i) =>
        (lockouts[i % 2] as LoginLockout).fail(user, '10.0.0.1', x.admitted ? x.ticket : ''),
      ),
    );
    expect(locked.filter(Boolean)).toHaveLength(1);
    for (const lockout of lockouts)
      expect(await lockout.begin(user, '10.0.0.1')).toMatchObject({ admitted: false, reason: 'locked' });
    // Another address is not locked.
    expect(await lockouts[1]?.begin(user, '10.0.0.2')).toMatchObject({ admitted: true });
  });

  it('forgets failures after a success and frees the place of an attempt that never finished', async () => {
    const [storage] = await backend.open();
    let now = new Date('2026-12-01T10:00:00Z');
    const lockout = new LoginLockout(storage, () => now);
    const tickets = [];
    for (let i = 0; i < MAX_FAILURES; i++) {
      const x = await lockout.begin('giulia', 'ip');
      if (x.admitted) tickets.push(x.ticket);
    }
    expect(tickets).toHaveLength(MAX_FAILURES);
    expect(await lockout.begin('giulia', 'ip')).toMatchObject({ admitted: false, reason: 'busy' });
    for (const t of tickets.slice(0, 3)) await lockout.fail('giulia', 'ip', t);
    expect(await lockout.succeed('giulia', 'ip', tickets[3] ?? '')).toBe(true);
    // One attempt still pending (its process died, say): after a minute it no longer counts.
    now = new Date(now.getTime() + 61_000);
    const admitted = [];
    for (let i = 0; i < MAX_FAILURES + 1; i++) admitted.push((await lockout.begin('giulia', 'ip')).admitted);
    expect(admitted).toEqual([...Array(MAX_FAILURES).fill(true), false]);
  });
});
