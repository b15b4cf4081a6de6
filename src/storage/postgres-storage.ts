import { Pool } from 'pg';
import { StorageUnavailableError, VersionConflictError } from './errors';
import { type GroupCommitOptions, PostgresGroupCommit } from './postgres-group-commit';
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
  /** Limits of the write groups (see {@link PostgresGroupCommit}). */
  groupCommit?: GroupCommitOptions;
}

/**
 * The {@link Storage} for multi-instance deployments: PostgreSQL through a connection pool. Writes use group
 * commit ({@link PostgresGroupCommit}): the writes requested during one event-loop turn go to the database as
 * one call of the `sportello_apply` function, in one transaction, each caller's writes atomic on their own.
 * Stream heads and counters are single-row upserts under row locks, so sequence numbers stay gap-free and
 * atomic across every instance sharing the database. Reads are single queries.
 */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres';
  private readonly writes: PostgresGroupCommit;

  private constructor(
    private readonly pool: Pool,
    readonly schema: string,
    groupCommit: GroupCommitOptions | undefined,
  ) {
    this.writes = new PostgresGroupCommit(async (items, vals) => {
      const { rows } = await pool.query<{ answers: unknown }>({
        name: 'sportello_apply',
        text: 'SELECT sportello_apply($1::jsonb, $2::text[]) AS answers',
        values: [items, vals],
      });
      return rows[0]?.answers;
    }, groupCommit);
  }

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
    const storage = new PostgresStorage(pool, schema, options.groupCommit);
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

  async getIfChanged<T>(
    collection: string,
    key: string,
    version: number,
  ): Promise<Versioned<T> | 'unchanged' | undefined> {
    // The value leaves the database only when it changed.
    const { rows } = await this.query<{ value: string | null; version: number }>(
      'SELECT CASE WHEN version = $3 THEN NULL ELSE value END AS value, version FROM documents WHERE collection = $1 AND key = $2',
      [collection, key, version],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.value === null ? 'unchanged' : { value: JSON.parse(row.value) as T, version: row.version };
  }

  async put(collection: string, key: string, value: unknown, options?: PutOptions): Promise<number> {
    const op: BatchOp = { op: 'put', collection, key, value };
    if (options?.expectVersion !== undefined) op.expectVersion = options.expectVersion;
    const [version] = await this.writes.write([op]);
    return version ?? 1;
  }

  async delete(collection: string, key: string): Promise<boolean> {
    const [deleted] = await this.writes.write([{ op: 'delete', collection, key }]);
    return deleted === 1;
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
    const [seq] = await this.writes.write([{ op: 'append', stream, value }]);
    return seq ?? 0;
  }

  async read<T>(stream: string, options: ReadOptions = {}): Promise<StreamEntry<T>[]> {
    const { rows } = await this.query<{ seq: string; value: string; at: Date }>(
      'SELECT seq, value, at FROM streams WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [stream, options.after ?? 0, options.limit ?? null],
    );
    return rows.map((r) => ({ seq: Number(r.seq), value: JSON.parse(r.value) as T, at: r.at }));
  }

  async lastSeq(stream: string): Promise<number> {
    const { rows } = await this.query<{ last_seq: string }>(
      'SELECT last_seq FROM stream_heads WHERE stream = $1',
      [stream],
    );
    return Number(rows[0]?.last_seq ?? 0);
  }

  async deleteStream(stream: string): Promise<number> {
    // The head stays, so a re-used stream name never hands out an old sequence number again.
    const result = await this.query('DELETE FROM streams WHERE stream = $1', [stream]);
    return result.rowCount ?? 0;
  }

  async increment(counter: string): Promise<number> {
    const [value] = await this.writes.write([{ op: 'increment', counter }]);
    return value ?? 0;
  }

  async batch(ops: BatchOp[]): Promise<number[]> {
    if (ops.length === 0) return [];
    const results = await this.writes.write(ops);
    return results.filter((_, i) => ops[i]?.op === 'append');
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    // Writes already asked for still commit (or fail) before the connections close.
    await this.writes.drain();
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

  private async query<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private wrap(err: unknown): Error {
    if (err instanceof VersionConflictError || err instanceof TypeError) return err;
    return new StorageUnavailableError(`PostgreSQL: ${(err as Error).message}`, err);
  }
}
