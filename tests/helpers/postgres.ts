import { Client } from 'pg';

/** The test database this machine kind runs (trust auth); override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Resolves true when PostgreSQL answers; otherwise prints why the PostgreSQL tests are skipped. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    console.warn(
      `SKIPPED: PostgreSQL tests need a server at ${TEST_DATABASE_URL} (${(err as Error).message}). CI runs them.`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops a test schema. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
