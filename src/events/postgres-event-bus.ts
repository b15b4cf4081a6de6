import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Storage } from '../storage/storage';
import { EventBusUnavailableError } from './errors';
import type { EventBus, EventHandler } from './event-bus';
import { checkTopic, Subscribers } from './subscribers';

/** Storage collection holding event payloads too large for a NOTIFY. */
export const EVENT_PAYLOADS = 'event-payloads';

/** PostgreSQL refuses NOTIFY payloads from 8000 bytes on; keep a margin. */
export const MAX_NOTIFY_BYTES = 7900;

/** Large payloads are kept this long, then pruned (receivers read them within milliseconds). */
const PAYLOAD_TTL_MS = 5 * 60_000;

/** Options of {@link PostgresEventBus.open}. */
export interface PostgresEventBusOptions {
  connectionString: string;
  /** Where payloads larger than {@link MAX_NOTIFY_BYTES} are kept for receivers to read. */
  storage: Storage;
  logger: Logger;
  /** NOTIFY channel (default `sportello_events`); instances must agree on it. */
  channel?: string;
  /** Reconnection delay: doubles from `min` up to `max` ms (default 250 → 5000). */
  reconnect?: { min: number; max: number };
  /** Largest NOTIFY payload in bytes (default {@link MAX_NOTIFY_BYTES}; tests lower it). */
  maxNotifyBytes?: number;
}

/** One event in a notification: its payload, or the key of the payload in {@link EVENT_PAYLOADS}. */
const eventItem = z.union([
  z.object({ t: z.string(), p: z.unknown() }),
  z.object({ t: z.string(), r: z.string() }),
]);

/** A notification: the sending instance and its events in order (`b`), or one event (earlier versions). */
const envelope = z.union([
  z.object({ i: z.string(), b: z.array(eventItem) }),
  z.object({ i: z.string(), t: z.string(), p: z.unknown() }),
  z.object({ i: z.string(), t: z.string(), r: z.string() }),
]);

const stored = z.object({ t: z.string(), p: z.unknown() });

/**
 * The {@link EventBus} of instances sharing a PostgreSQL database: `pg_notify` on one channel, received by a
 * dedicated `LISTEN` connection per instance that reconnects with backoff after it is lost (then tells
 * subscribers to resync). Payloads too large for a NOTIFY are stored in {@link EVENT_PAYLOADS} and only their
 * key is sent. This instance's own events are delivered locally at once and skipped when they come back.
 */
export class PostgresEventBus implements EventBus {
  readonly kind = 'postgres';
  /** Identifies this process's events in the channel. */
  readonly instanceId = randomUUID();
  /**
   * How this instance's notifications begin ({@link PostgresEventBus.flushOutbox} writes the id first): they
   * come back on its LISTEN connection and are skipped before parsing, since their subscribers already had them.
   */
  private readonly ownPrefix = `{"i":${JSON.stringify(this.instanceId)},`;
  private readonly subscribers: Subscribers;
  private readonly channel: string;
  private readonly pool: Pool;
  private listener: Client | undefined;
  private closed = false;
  private delay: number;
  private retry: NodeJS.Timeout | undefined;
  private readonly prune: NodeJS.Timeout;
  /** Events published and not yet sent (see {@link PostgresEventBus.flushOutbox}). */
  private outbox: Array<{ item: string; sent: () => void }> = [];
  /** Settles once the notifications being sent have been; the next outbox waits for it. */
  private sending: Promise<void> = Promise.resolve();
  /** Remote events are handled in arrival order, even those whose payload is read from storage. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly options: PostgresEventBusOptions) {
    this.subscribers = new Subscribers(options.logger);
    this.channel = options.channel ?? 'sportello_events';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`Invalid NOTIFY channel: ${this.channel}`);
    this.delay = options.reconnect?.min ?? 250;
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: 2,
      connectionTimeoutMillis: 5000,
    });
    this.pool.on('error', () => undefined);
    this.prune = setInterval(() => void this.pruneStored(), 60_000);
    this.prune.unref();
  }

  /** Connects the listening connection; rejects with {@link EventBusUnavailableError} when it cannot. */
  static async open(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(options);
    try {
      await bus.connect();
    } catch (err) {
      await bus.close();
      throw new EventBusUnavailableError(`PostgreSQL event bus: ${(err as Error).message}`, err);
    }
    return bus;
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    checkTopic(topic);
    if (this.closed) return;
    const item = JSON.stringify({ t: topic, p: payload });
    const copy: unknown = (JSON.parse(item) as { p: unknown }).p;
    queueMicrotask(() => {
      if (!this.closed) this.subscribers.dispatch(topic, copy);
    });
    return new Promise<void>((resolve) => {
      this.outbox.push({ item, sent: resolve });
      if (this.outbox.length === 1) setImmediate(() => void this.sendOutbox());
    });
  }

  /** Sends what the outbox holds after what is being sent: notifications leave in publication order. */
  private sendOutbox(): Promise<void> {
    this.sending = this.sending.then(() => this.flushOutbox());
    return this.sending;
  }

  /**
   * Sends the events published since the last flush, in order, as few NOTIFYs as fit under the size limit; an
   * event too large for one on its own goes by reference to storage. One NOTIFY per web chat message (each
   * publishes its new watermark) would double the queries a message costs; batched, a busy instance sends one
   * per event-loop turn.
   */
  private async flushOutbox(): Promise<void> {
    const events = this.outbox;
    this.outbox = [];
    const limit = this.options.maxNotifyBytes ?? MAX_NOTIFY_BYTES;
    const head = `${this.ownPrefix}"b":[`;
    const fixed = Buffer.byteLength(head) + 2; // and "]}"
    let items: string[] = [];
    let bytes = fixed;
    const send = async () => {
      if (items.length === 0) return;
      const message = `${head}${items.join(',')}]}`;
      const count = items.length;
      items = [];
      bytes = fixed;
      try {
        await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, message]);
      } catch (err) {
        this.options.logger.error({ err, events: count }, 'events not published to other instances');
      }
    };
    for (const event of events) {
      let item = event.item;
      let size = Buffer.byteLength(item);
      if (fixed + size > limit) {
        // Zero-padded milliseconds first, so keys sort by age and pruning reads the oldest.
        const key = `${String(Date.now()).padStart(15, '0')}-${randomBytes(6).toString('hex')}`;
        // Stored as it was when published (the publisher may have changed its object since).
        const { t, p } = JSON.parse(item) as { t: string; p: unknown };
        try {
          await this.options.storage.put(EVENT_PAYLOADS, key, { t, p });
        } catch (err) {
          this.options.logger.error({ err, topic: t }, 'event not published to other instances');
          continue;
        }
        item = JSON.stringify({ t, r: key });
        size = Buffer.byteLength(item);
      }
      if (bytes + size + 1 > limit) await send();
      items.push(item);
      bytes += size + 1;
    }
    await send();
    for (const event of events) event.sent();
  }

  subscribe(topic: string, handler: EventHandler): () => void {
    return this.subscribers.add(topic, handler);
  }

  onResync(handler: () => void): () => void {
    return this.subscribers.addResync(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.prune);
    clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = undefined;
    this.subscribers.clear();
    await this.sendOutbox(); // what was published before close still reaches the other instances
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => {
      if (msg.channel === this.channel && msg.payload !== undefined) this.receive(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.delay = this.options.reconnect?.min ?? 250;
  }

  private lost(client: Client, err?: Error): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.logger.warn({ err }, 'event bus connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().then(
        () => {
          if (this.closed) return;
          this.options.logger.info('event bus reconnected');
          // Events published while we were away are gone: let subscribers read what they missed.
          this.subscribers.dispatchResync();
        },
        (err: unknown) => {
          this.options.logger.warn({ err, retryInMs: this.delay }, 'event bus reconnection failed');
          this.delay = Math.min(this.delay * 2, this.options.reconnect?.max ?? 5000);
          this.scheduleReconnect();
        },
      );
    }, this.delay);
  }

  private receive(raw: string): void {
    if (raw.startsWith(this.ownPrefix)) return; // already delivered locally
    let parsed: z.infer<typeof envelope>;
    try {
      parsed = envelope.parse(JSON.parse(raw));
    } catch (err) {
      this.options.logger.warn({ err }, 'malformed event ignored');
      return;
    }
    if (parsed.i === this.instanceId) return; // already delivered locally
    for (const event of 'b' in parsed ? parsed.b : [parsed]) {
      this.chain = this.chain.then(async () => {
        if (this.closed) return;
        if ('p' in event) return this.subscribers.dispatch(event.t, event.p);
        try {
          const value = stored.safeParse(await this.options.storage.get(EVENT_PAYLOADS, event.r));
          if (!value.success) {
            this.options.logger.warn({ topic: event.t, key: event.r }, 'stored event payload missing');
            return;
          }
          this.subscribers.dispatch(value.data.t, value.data.p);
        } catch (err) {
          this.options.logger.error({ err, topic: event.t }, 'stored event payload unreadable');
        }
      });
    }
  }

  private async pruneStored(): Promise<void> {
    try {
      const cutoff = Date.now() - PAYLOAD_TTL_MS;
      const oldest = await this.options.storage.list(EVENT_PAYLOADS, { limit: 500 });
      for (const { key } of oldest) {
        if (Number(key.slice(0, 15)) >= cutoff) break;
        await this.options.storage.delete(EVENT_PAYLOADS, key);
      }
    } catch (err) {
      this.options.logger.debug({ err }, 'event payload pruning failed');
    }
  }
}
