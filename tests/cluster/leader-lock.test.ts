import { spawn } from 'node:child_process';
import { Client } from 'pg';
import pino from 'pino';
import { LocalLeaderLock } from '../../src/cluster/leader-lock';
import { advisoryKey, PostgresLeaderLock } from '../../src/cluster/postgres-leader-lock';
import { postgresReachable, until } from '../events/postgres-probe';
import { TEST_DATABASE_URL } from '../helpers/postgres';

const logger = pino({ level: 'silent' });

describe('LocalLeaderLock (SQLite, memory: one instance)', () => {
  it('is granted on start and given up on stop, telling its listeners', async () => {
    const lock = new LocalLeaderLock('whatsapp-web');
    const changes: boolean[] = [];
    lock.onChange((leader) => changes.push(leader));
    expect(lock.isLeader).toBe(false);
    await lock.start();
    expect(lock.isLeader).toBe(true);
    await lock.stop();
    expect(changes).toEqual([true, false]);
  });
});

const available = postgresReachable('PostgreSQL leader lock');

(available ? describe : describe.skip)('PostgresLeaderLock (instances sharing PostgreSQL)', () => {
  let locks: PostgresLeaderLock[] = [];
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });
  afterEach(async () => {
    for (const lock of locks) await lock.stop();
    locks = [];
  });

  /** Two contenders for one lock name (unique per test, so parallel test files never compete). */
  async function contenders(intervalMs = 200) {
    const name = `test-${process.pid}-${Date.now()}-${Math.random()}`;
    const make = () =>
      new PostgresLeaderLock({ connectionString: TEST_DATABASE_URL, name, logger, intervalMs });
    const a = make();
    const b = make();
    locks.push(a, b);
    await a.start();
    await b.start();
    return { a, b, name };
  }

  /** The backend holding the named advisory lock, as PostgreSQL reports it. */
  async function holderPid(name: string): Promise<number | undefined> {
    const key = BigInt(advisoryKey(name));
    const unsigned = BigInt.asUintN(64, key);
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND classid::bigint = $1 AND objid::bigint = $2`,
      [String(unsigned >> 32n), String(unsigned & 0xffffffffn)],
    );
    return rows[0]?.pid;
  }

  it('lets exactly one of two contenders hold the lock, and keeps it that way', async () => {
    const { a, b, name } = await contenders();
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 700)); // several retry rounds
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    expect(await holderPid(name)).toEqual(expect.any(Number));
  });

  it('steps the holder down when its connection dies, and one contender holds the lock again within seconds', async () => {
    const { a, b, name } = await contenders();
    const aChanges: boolean[] = [];
    a.onChange((leader) => aChanges.push(leader));
    const pid = await holderPid(name);
    expect(pid).toBeDefined();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await until(() => aChanges[0] === false, 'A to step down');
    // Whoever retries first wins (A reconnects and contends too); never both.
    await until(() => a.isLeader !== b.isLeader, 'a new holder', 5000);
    const holder = await holderPid(name);
    expect(holder).toEqual(expect.any(Number));
    expect(holder).not.toBe(pid);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(a.isLeader).not.toBe(b.isLeader);
  });

  it('releases the lock on stop, so the other contender acquires it', async () => {
    const { a, b } = await contenders();
    await a.stop();
    expect(a.isLeader).toBe(false);
    await until(() => b.isLeader, 'B to acquire after A stopped', 5000);
  });

  it('hands over when the holding process is killed', async () => {
    const name = `test-kill-${process.pid}-${Date.now()}`;
    // A separate Node process holds the lock on its own connection, like another Sportello instance.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const {Client}=require('pg');const c=new Client({connectionString:${JSON.stringify(TEST_DATABASE_URL)}});` +
          `c.connect().then(()=>c.query('SELECT pg_try_advisory_lock($1::bigint) AS l',[${JSON.stringify(advisoryKey(name))}]))` +
          `.then(r=>{console.log(r.rows[0].l?'held':'refused');setInterval(()=>{},1000)})`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const said = await new Promise<string>((resolve) =>
        child.stdout.once('data', (d) => resolve(String(d))),
      );
      expect(said.trim()).toBe('held');
      const b = new PostgresLeaderLock({
        connectionString: TEST_DATABASE_URL,
        name,
        logger,
        intervalMs: 200,
      });
      locks.push(b);
      await b.start();
      expect(b.isLeader).toBe(false);
      child.kill('SIGKILL');
      await until(() => b.isLeader, 'the survivor to acquire after kill -9', 5000);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
