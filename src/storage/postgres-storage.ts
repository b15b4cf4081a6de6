import { Pool, type PoolClient } from 'pg';
import { StorageUnavailableError, VersionConflictError } from './errors';
import { migrations } from './postgres-migrations';
import type {
  BatchOp,
  ListOptions,
  PutOptions,
  ReadOptions,
  Storage,
  StreamEntry,
  Versioned,
} from './storage';

/** Options of {@link PostgresStorage.open}. */
export interface PostgresOptions {
  connectionString: string;
  /** Schema holding Sportello's tables (default `public`); created if missing. */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
}

type Query = Pick<PoolClient, 'query'>;

/**
 * The {@link Storage} for multi-instance deployments: PostgreSQL through a connection pool. Conditional writes,
 * batches and appends run in transactions; stream heads and counters are single-row upserts, so sequence
 * numbers stay gap-free and atomic across every instance sharing the database.
 */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres';

  private constructor(
    private readonly pool: Pool,
    readonly schema: string,
  ) {}

  /** Connects, creates the schema if needed and applies pending migrations. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: 5000,
      options: `-c search_path=${schema}`,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => undefined);
    const storage = new PostgresStorage(pool, schema);
    try {
      await storage.migrate();
    } catch (err) {
      await pool.end();
      throw new StorageUnavailableError(`PostgreSQL: ${(err as Error).message}`, err);
    }
    return storage;
  }

  async get<T>(collection: string, key: string): Promise<T | undefined> {
    return (await this.getVersioned<T>(collection, key))?.value;
  }

  async getVersioned<T>(collection: string, key: string): Promise<Versioned<T> | undefined> {
    const { rows } = await this.query<{ value: string; version: number }>(
      'SELECT value, version FROM documents WHERE collection = $1 AND key = $2',
      [collection, key],
    );
    const row = rows[0];
    return row ? { value: JSON.parse(row.value) as T, version: row.version } : undefined;
  }

  async put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number> {
    return this.transaction((client) => this.putIn(client, collection, key, value, options?.expectVersion));
  }

  async delete(collection: string, key: string): Promise<boolean> {
    const result = await this.query('DELETE FROM documents WHERE collection = $1 AND key = $2', [
      collection,
      key,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async list<T>(collection: string, options: ListOptions = {}): Promise<Array<{ key: string; value: T }>> {
    const prefix = options.prefix ?? '';
    const { rows } = await this.query<{ key: string; value: string }>(
      `SELECT key, value FROM documents WHERE collection = $1 AND left(key, length($2)) = $2
       ORDER BY key COLLATE "C" LIMIT $3`,
      [collection, prefix, options.limit ?? null],
    );
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  async append(stream: string, value: unknown): Promise<number> {
    return this.transaction((client) => this.appendIn(client, stream, value));
  }

  async read<T>(stream: string, options: ReadOptions = {}): Promise<StreamEntry<T>[]> {
    const { rows } = await this.query<{ seq: string; value: string; at: Date }>(
      'SELECT seq, value, at FROM streams WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [stream, options.after ?? 0, options.limit ?? null],
    );
    return rows.map((r) => ({ seq: Number(r.seq), value: JSON.parse(r.value) as T, at: r.at }));
  }

  async deleteStream(stream: string): Promise<number> {
    return this.transaction(async (client) => {
      const result = await client.query('DELETE FROM streams WHERE stream = $1', [stream]);
      // The head stays, so a re-used stream name never hands out an old sequence number again.
      return result.rowCount ?? 0;
    });
  }

  async increment(counter: string): Promise<number> {
    const { rows } = await this.query<{ value: string }>(
      `INSERT INTO counters (name, value) VALUES ($1, 1)
       ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`,
      [counter],
    );
    return Number(rows[0]?.value);
  }

  async batch(ops: BatchOp[]): Promise<number[]> {
    return this.transaction(async (client) => {
      const seqs: number[] = [];
      for (const op of ops) {
        if (op.op === 'put') await this.putIn(client, op.collection, op.key, op.value, op.expectVersion);
        else if (op.op === 'delete')
          await client.query('DELETE FROM documents WHERE collection = $1 AND key = $2', [
            op.collection,
            op.key,
          ]);
        else seqs.push(await this.appendIn(client, op.stream, op.value));
      }
      return seqs;
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Serialise instances starting together: only one creates the schema and applies migrations.
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`sportello-migrate:${this.schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS sportello_migrations (
           version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM sportello_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO sportello_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client
        .query('SELECT pg_advisory_unlock(hashtext($1))', [`sportello-migrate:${this.schema}`])
        .catch(() => {});
      client.release();
    }
  }

  private async putIn(
    client: Query,
    collection: string,
    key: string,
    value: unknown,
    expected: number | null | undefined,
  ): Promise<number> {
    const json = JSON.stringify(value);
    if (expected === null) {
      const { rows } = await client.query<{ version: number }>(
        `INSERT INTO documents (collection, key, value, version) VALUES ($1, $2, $3, 1)
         ON CONFLICT (collection, key) DO NOTHING RETURNING version`,
        [collection, key, json],
      );
      if (rows[0]) return rows[0].version;
      const current = await client.query<{ version: number }>(
        'SELECT version FROM documents WHERE collection = $1 AND key = $2',
        [collection, key],
      );
      throw new VersionConflictError(collection, key, null, current.rows[0]?.version ?? null);
    }
    if (expected !== undefined) {
      const { rows } = await client.query<{ version: number }>(
        `UPDATE documents SET value = $3, version = version + 1, updated_at = now()
         WHERE collection = $1 AND key = $2 AND version = $4 RETURNING version`,
        [collection, key, json, expected],
      );
      if (rows[0]) return rows[0].version;
      const current = await client.query<{ version: number }>(
        'SELECT version FROM documents WHERE collection = $1 AND key = $2',
        [collection, key],
      );
      throw new VersionConflictError(collection, key, expected, current.rows[0]?.version ?? null);
    }
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO documents (collection, key, value, version) VALUES ($1, $2, $3, 1)
       ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = documents.version + 1,
       updated_at = now() RETURNING version`,
      [collection, key, json],
    );
    return rows[0]?.version ?? 1;
  }

  private async appendIn(client: Query, stream: string, value: unknown): Promise<number> {
    // One round trip; the head row's lock serialises appends to one stream until commit, so numbers are gap-free.
    const { rows } = await client.query<{ seq: string }>(
      `WITH head AS (
         INSERT INTO stream_heads (stream, last_seq) VALUES ($1, 1)
         ON CONFLICT (stream) DO UPDATE SET last_seq = stream_heads.last_seq + 1 RETURNING last_seq)
       INSERT INTO streams (stream, seq, value) SELECT $1, last_seq, $2 FROM head RETURNING seq`,
      [stream, JSON.stringify(value)],
    );
    return Number(rows[0]?.seq);
  }

  private async query<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.wrap(err);
    }
    // A checked-out client has no pool listener: a connection reset (database restart) would otherwise be an
    // unhandled 'error' event that stops the process. The failing query rejects on its own; the broken client
    // is destroyed on release instead of going back to the pool.
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw this.wrap(err);
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  private wrap(err: unknown): Error {
    if (err instanceof VersionConflictError || err instanceof TypeError) return err;
    return new StorageUnavailableError(`PostgreSQL: ${(err as Error).message}`, err);
  }
}
