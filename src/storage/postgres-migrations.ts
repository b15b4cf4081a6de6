/**
 * Versioned PostgreSQL migrations, applied in order at start-up inside one transaction each and recorded in
 * `sportello_migrations`. Append new migrations; never edit an applied one.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'documents, streams, counters',
    sql: `
      CREATE TABLE documents (
        collection TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (collection, key)
      );
      CREATE TABLE stream_heads (
        stream TEXT PRIMARY KEY,
        last_seq BIGINT NOT NULL
      );
      CREATE TABLE streams (
        stream TEXT NOT NULL,
        seq BIGINT NOT NULL,
        value TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (stream, seq)
      );
      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value BIGINT NOT NULL
      );
    `,
  },
];
