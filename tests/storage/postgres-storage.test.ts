import { PostgresStorage } from '../../src/storage/postgres-storage';
import { dropSchema, postgresReachable, TEST_DATABASE_URL } from '../helpers/postgres';
import { storageContract } from './storage.contract';

/** PostgreSQL runs the same contract suite as SQLite and memory, each test in a fresh schema. */
const available = postgresReachable('PostgreSQL storage contract');

const schemas: string[] = [];
let current = '';

if (available) {
  storageContract(
    'postgres',
    async () => {
      current = `contract_${process.pid}_${schemas.length}_${Date.now()}`;
      schemas.push(current);
      return PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema: current });
    },
    async () => PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema: current }),
  );

  describe('PostgresStorage specifics', () => {
    it('applies migrations once, even when two instances start together', async () => {
      const schema = `migrate_${process.pid}_${Date.now()}`;
      schemas.push(schema);
      const [a, b] = await Promise.all([
        PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema }),
        PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema }),
      ]);
      await a.put('c', 'k', 'shared');
      expect(await b.get('c', 'k')).toBe('shared');
      await Promise.all([a.close(), b.close()]);
    });

    it('reports an unreachable server as unavailable', async () => {
      await expect(
        PostgresStorage.open({ connectionString: 'postgres://postgres@127.0.0.1:1/none' }),
      ).rejects.toMatchObject({ name: 'StorageUnavailableError' });
    });
  });

  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });
} else {
  it.skip('needs PostgreSQL (the reason is printed above)', () => undefined);
}
