import { StorageUnavailableError } from '../../src/storage/errors';
import { PostgresStorage } from '../../src/storage/postgres-storage';
import { dropSchema, postgresReachable, TEST_DATABASE_URL } from '../helpers/postgres';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * Group commit on PostgreSQL: what the shared contract cannot show — two instances sharing one schema, a write
 * only PostgreSQL refuses, and a lost connection.
 */
const available = postgresReachable('PostgreSQL group commit');

const schemas: string[] = [];
const freshSchema = () => {
  const schema = `group_${process.pid}_${schemas.length}_${Date.now()}`;
  schemas.push(schema);
  return schema;
};

if (available) {
  describe('PostgresStorage group commit', () => {
    it('lets two instances write crossing streams and documents at once: all commit, numbers gap-free', async () => {
      const schema = freshSchema();
      const a = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
      const b = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
      try {
        // A writes s1 then s2, B writes s2 then s1: groups holding both in opposite orders must not deadlock.
        const writes = Array.from({ length: 120 }, (_, i) => {
          const [storage, first, second] = i % 2 ? [a, 's1', 's2'] : [b, 's2', 's1'];
          return storage.batch([
            { op: 'append', stream: first, value: i },
            { op: 'put', collection: 'docs', key: `d${i % 5}`, value: i },
            { op: 'append', stream: second, value: i },
          ]);
        });
        const seqs = (await Promise.all(writes)).flat();
        expect(seqs.sort((x, y) => x - y)).toEqual(
          Array.from({ length: 120 }, (_, i) => [i + 1, i + 1]).flat(),
        );
        expect((await a.read('s1')).map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
        expect((await b.getVersioned('docs', 'd0'))?.version).toBe(24);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('fails only the write PostgreSQL cannot store; the others asked for with it commit', async () => {
      const storage = await PostgresStorage.open({
        connectionString: TEST_DATABASE_URL,
        schema: freshSchema(),
      });
      try {
        const [before, refused, after] = await Promise.allSettled([
          storage.append('log', 'before'),
          storage.put('c', 'nul\u0000key', 'PostgreSQL text cannot hold U+0000'),
          storage.batch([{ op: 'append', stream: 'log', value: 'after' }]),
        ]);
        expect(before.status).toBe('fulfilled');
        expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(StorageUnavailableError);
        expect(after.status).toBe('fulfilled');
        expect((await storage.read('log')).map((e) => e.value)).toEqual(['before', 'after']);
      } finally {
        await storage.close();
      }
    });

    it('tells every writer of a group that the database is unavailable while it is away, then works again', async () => {
      const target = new URL(TEST_DATABASE_URL);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.start();
      const url = new URL(TEST_DATABASE_URL);
      url.host = `127.0.0.1:${proxy.port}`;
      const storage = await PostgresStorage.open({ connectionString: url.toString(), schema: freshSchema() });
      try {
        await storage.append('log', 'one');
        await proxy.cut();
        const during = await Promise.allSettled([
          storage.append('log', 'lost'),
          storage.put('c', 'k', 'lost'),
          storage.increment('n'),
        ]);
        for (const outcome of during) {
          expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(StorageUnavailableError);
        }
        await proxy.restore();
        expect(await storage.append('log', 'two')).toBe(2);
        expect((await storage.read('log')).map((e) => e.value)).toEqual(['one', 'two']);
      } finally {
        await storage.close();
        await proxy.close();
      }
    });
  });

  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });
} else {
  it.skip('needs PostgreSQL (the reason is printed above)', () => undefined);
}
