import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

/** The test database this machine kind runs (trust auth); override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers at {@link TEST_DATABASE_URL}, probed synchronously in a child process (CommonJS
 * jest has no top-level await, and `describe` blocks must be declared synchronously). Prints which suite is
 * skipped and why when it does not answer.
 */
export function postgresReachable(suite: string): boolean {
  const probe = `const {Client}=require('pg');const c=new Client({connectionString:${JSON.stringify(TEST_DATABASE_URL)},connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`;
  const ok = spawnSync(process.execPath, ['-e', probe]).status === 0;
  if (!ok) console.warn(`SKIPPED ${suite}: no PostgreSQL at ${TEST_DATABASE_URL}. CI runs it.`);
  return ok;
}

/** Drops a test schema. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
