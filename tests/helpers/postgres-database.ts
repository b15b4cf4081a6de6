import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './postgres';

/**
 * Whether PostgreSQL answers at {@link TEST_DATABASE_URL}, probed synchronously (a child process) so a test file
 * can decide at load time whether to declare its PostgreSQL tests; prints why when it does not.
 */
export function postgresReachableSync(): boolean {
  const probe = `const {Client}=require('pg');const c=new Client({connectionString:${JSON.stringify(TEST_DATABASE_URL)},connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`;
  const ok = spawnSync(process.execPath, ['-e', probe]).status === 0;
  if (!ok) console.warn(`SKIPPED: PostgreSQL tests need a server at ${TEST_DATABASE_URL}. CI runs them.`);
  return ok;
}

/** A throw-away database on the test server: its name and a URL to it (through `host:port` if given). */
export interface TestDatabase {
  name: string;
  url(hostPort?: string): string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database (`<prefix>_<random>`) on the test server, so Sportello's tables start empty. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url(hostPort) {
      const url = new URL(TEST_DATABASE_URL);
      if (hostPort) url.host = hostPort;
      url.pathname = `/${name}`;
      return url.toString();
    },
    async drop() {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
