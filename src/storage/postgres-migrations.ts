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
  {
    version: 2,
    name: 'sportello_apply: a group of writes in one round trip',
    // Group commit (see postgres-group-commit.ts). sportello_apply_ops runs one caller's writes in order and
    // answers {"r": [result per op]} or, when its first op's condition fails (nothing written yet),
    // {"c": 0, "v": current version}; a later op's failed condition raises SP409 with that answer as detail.
    // sportello_apply runs a group: it first takes a transaction advisory lock for every key the group writes,
    // all in one global order (the key's hash bucket, 1024 buckets per schema, so at most 1024 locks however big
    // the group), so two groups — of this instance or another — never wait for each other in a cycle; then each
    // caller's writes, inside its own subtransaction only when "t" says a later condition may have to undo
    // earlier writes (few subtransactions: past 64 in one transaction PostgreSQL's snapshots get slower).
    sql: `
      CREATE FUNCTION sportello_apply_ops(ops jsonb, vals text[]) RETURNS jsonb LANGUAGE plpgsql AS $fn$
      DECLARE
        op jsonb;
        results jsonb := '[]';
        r bigint;
        current_version integer;
      BEGIN
        FOR j IN 0 .. jsonb_array_length(ops) - 1 LOOP
          op := ops -> j;
          CASE op ->> 'o'
          WHEN 'a' THEN
            INSERT INTO stream_heads AS h (stream, last_seq) VALUES (op ->> 's', 1)
              ON CONFLICT (stream) DO UPDATE SET last_seq = h.last_seq + 1 RETURNING last_seq INTO r;
            INSERT INTO streams (stream, seq, value) VALUES (op ->> 's', r, vals[(op ->> 'v')::integer]);
          WHEN 'p' THEN
            IF NOT op ? 'e' THEN
              INSERT INTO documents AS d (collection, key, value, version)
                VALUES (op ->> 'c', op ->> 'k', vals[(op ->> 'v')::integer], 1)
                ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, version = d.version + 1,
                updated_at = now() RETURNING version INTO r;
            ELSE
              IF jsonb_typeof(op -> 'e') = 'null' THEN
                INSERT INTO documents (collection, key, value, version)
                  VALUES (op ->> 'c', op ->> 'k', vals[(op ->> 'v')::integer], 1)
                  ON CONFLICT (collection, key) DO NOTHING RETURNING version INTO r;
              ELSE
                UPDATE documents SET value = vals[(op ->> 'v')::integer], version = version + 1, updated_at = now()
                  WHERE collection = op ->> 'c' AND key = op ->> 'k' AND version = (op ->> 'e')::integer
                  RETURNING version INTO r;
              END IF;
              IF NOT FOUND THEN
                SELECT version INTO current_version FROM documents
                  WHERE collection = op ->> 'c' AND key = op ->> 'k';
                IF j = 0 THEN
                  RETURN jsonb_build_object('c', j, 'v', current_version);
                END IF;
                RAISE EXCEPTION 'version conflict' USING ERRCODE = 'SP409',
                  DETAIL = jsonb_build_object('c', j, 'v', current_version)::text;
              END IF;
            END IF;
          WHEN 'd' THEN
            DELETE FROM documents WHERE collection = op ->> 'c' AND key = op ->> 'k';
            r := CASE WHEN FOUND THEN 1 ELSE 0 END;
          WHEN 'i' THEN
            INSERT INTO counters AS n (name, value) VALUES (op ->> 'n', 1)
              ON CONFLICT (name) DO UPDATE SET value = n.value + 1 RETURNING value INTO r;
          END CASE;
          results := results || to_jsonb(r);
        END LOOP;
        RETURN jsonb_build_object('r', results);
      END
      $fn$;

      CREATE FUNCTION sportello_apply(items jsonb, vals text[]) RETURNS jsonb LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $fn$
      DECLARE
        lock_space integer := hashtext('sportello:' || current_schema());
        lock_key integer;
        item jsonb;
        answers jsonb[] := '{}';
        detail text;
      BEGIN
        FOR lock_key IN
          SELECT DISTINCT hashtext(CASE o ->> 'o'
            WHEN 'a' THEN 'a' || (o ->> 's')
            WHEN 'i' THEN 'i' || (o ->> 'n')
            ELSE 'd' || length(o ->> 'c') || ':' || (o ->> 'c') || (o ->> 'k') END) & 1023
          FROM jsonb_array_elements(items) AS i, jsonb_array_elements(i -> 'ops') AS o ORDER BY 1
        LOOP
          PERFORM pg_advisory_xact_lock(lock_space, lock_key);
        END LOOP;
        FOR n IN 0 .. jsonb_array_length(items) - 1 LOOP
          item := items -> n;
          IF (item ->> 't')::boolean THEN
            BEGIN
              answers := answers || sportello_apply_ops(item -> 'ops', vals);
            EXCEPTION
              WHEN SQLSTATE 'SP409' THEN
                GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
                answers := answers || detail::jsonb;
              WHEN OTHERS THEN
                answers := answers || jsonb_build_object('e', SQLERRM, 's', SQLSTATE);
            END;
          ELSE
            answers := answers || sportello_apply_ops(item -> 'ops', vals);
          END IF;
        END LOOP;
        RETURN to_jsonb(answers);
      END
      $fn$;
    `,
  },
];
