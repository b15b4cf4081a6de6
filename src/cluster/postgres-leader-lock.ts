import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { type LeaderLock, type LeadershipListener, LeadershipState } from './leader-lock';

/** Options of {@link PostgresLeaderLock}. */
export interface PostgresLeaderLockOptions {
  connectionString: string;
  /** The lock's name; every instance contending for the same thing uses the same name. */
  name: string;
  logger: Logger;
  /** How often a non-holder retries and a holder checks its connection (default 2000 ms). */
  intervalMs?: number;
}

/**
 * The 64-bit key of a named advisory lock: the first 8 bytes of SHA-256 of `sportello:<name>`, as the signed
 * decimal PostgreSQL's `bigint` takes (so unrelated applications' small integer keys do not collide).
 */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(`sportello:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * The {@link LeaderLock} of instances sharing PostgreSQL: a session-level `pg_try_advisory_lock` held on a
 * dedicated connection. PostgreSQL releases it when that session ends, so when the holder dies or loses its
 * connection another instance's next retry takes over within {@link PostgresLeaderLockOptions.intervalMs}; the
 * old holder notices the lost connection and steps down.
 */
export class PostgresLeaderLock implements LeaderLock {
  readonly name: string;
  private readonly key: string;
  private readonly state: LeadershipState;
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly options: PostgresLeaderLockOptions) {
    this.name = options.name;
    this.key = advisoryKey(options.name);
    this.state = new LeadershipState((err) =>
      options.logger.error({ err, lock: this.name }, 'leadership listener failed'),
    );
  }

  get isLeader(): boolean {
    return this.state.isLeader;
  }

  onChange(listener: LeadershipListener): () => void {
    return this.state.add(listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.ticking;
    const client = this.client;
    this.client = undefined;
    if (client && this.isLeader)
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]).catch(() => undefined);
    this.state.set(false);
    await client?.end().catch(() => undefined);
  }

  /** One attempt (serialised): connect if needed, then acquire, or check the held lock's connection. */
  private tick(): Promise<void> {
    this.ticking = this.ticking.then(() => this.attempt());
    return this.ticking;
  }

  private async attempt(): Promise<void> {
    if (!this.running) return;
    try {
      const client = this.client ?? (await this.connect());
      if (this.isLeader) {
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [this.key],
      );
      if (rows[0]?.locked && this.running && this.client === client) {
        this.options.logger.info({ lock: this.name }, 'leader lock acquired');
        this.state.set(true);
      }
    } catch (err) {
      this.options.logger.warn({ err, lock: this.name }, 'leader lock check failed');
      if (this.client) this.lost(this.client);
    }
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    this.client = client;
    return client;
  }

  /** The lock's session is gone, and the lock with it: step down at once, reconnect on the next tick. */
  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.isLeader) this.options.logger.warn({ lock: this.name }, 'leader lock lost with its connection');
    this.state.set(false);
  }
}
