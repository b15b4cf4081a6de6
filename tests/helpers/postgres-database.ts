import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './postgres';

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
