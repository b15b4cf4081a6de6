import { spawnSync } from 'node:child_process';
import { TEST_DATABASE_URL } from '../helpers/postgres';

/**
 * Whether PostgreSQL answers at TEST_DATABASE_URL, probed synchronously in a child process (CommonJS jest has
 * no top-level await, and `describe` blocks must be declared synchronously). Prints why when it does not.
 */
export function postgresReachable(suite: string): boolean {
  const ok =
    spawnSync(process.execPath, [
      '-e',
      `const {Client}=require('pg');const c=new Client({connectionString:${JSON.stringify(TEST_DATABASE_URL)},connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`,
    ]).status === 0;
  if (!ok) console.warn(`SKIPPED ${suite}: no PostgreSQL at ${TEST_DATABASE_URL}. CI runs it.`);
  return ok;
}

/** Resolves once `check` is true, polling every 20 ms; rejects with `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
