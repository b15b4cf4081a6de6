import { Client } from 'pg';
import pino from 'pino';
import { EVENT_PAYLOADS, PostgresEventBus } from '../../src/events/postgres-event-bus';
import { PostgresStorage } from '../../src/storage/postgres-storage';
import { dropSchema, TEST_DATABASE_URL } from '../helpers/postgres';
import { eventBusContract } from './event-bus.contract';
import { postgresReachable, until } from './postgres-probe';

/**
 * The PostgreSQL bus: the shared contract on one instance, then what only several instances show — events
 * crossing instances, large payloads sent by reference, and recovery after the LISTEN connection is killed.
 * Each bus gets its own NOTIFY channel and storage schema, so parallel test files never hear each other.
 */
const available = postgresReachable('PostgreSQL event bus');
const logger = pino({ level: 'silent' });
let n = 0;

function unique(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now()}_${n++}`;
}

if (available) {
  const schemas: string[] = [];
  const storages: PostgresStorage[] = [];

  async function openStorage(): Promise<PostgresStorage> {
    const schema = unique('events');
    schemas.push(schema);
    const storage = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
    storages.push(storage);
    return storage;
  }

  afterAll(async () => {
    for (const storage of storages) await storage.close();
    for (const schema of schemas) await dropSchema(schema);
  });

  eventBusContract('postgres', async () =>
    PostgresEventBus.open({
      connectionString: TEST_DATABASE_URL,
      storage: await openStorage(),
      logger,
      channel: unique('contract'),
    }),
  );

  describe('PostgresEventBus across instances', () => {
    let buses: PostgresEventBus[] = [];
    afterEach(async () => {
      for (const bus of buses) await bus.close();
      buses = [];
    });

    async function twoInstances(options: { maxNotifyBytes?: number } = {}) {
      const storage = await openStorage(); // one database shared by both instances
      const channel = unique('cross');
      const open = () =>
        PostgresEventBus.open({ connectionString: TEST_DATABASE_URL, storage, logger, channel, ...options });
      const a = await open();
      const b = await open(); // after A, so B's LISTEN connection is the newer one
      buses.push(a, b);
      return { a, b, storage, channel };
    }

    it('delivers an instance’s events to the other instance, once each, in order', async () => {
      const { a, b } = await twoInstances();
      const onA: unknown[] = [];
      const onB: unknown[] = [];
      a.subscribe('dl.activity', (p) => void onA.push(p));
      b.subscribe('dl.activity', (p) => void onB.push(p));
      for (let i = 1; i <= 20; i++) await a.publish('dl.activity', { conversationId: 'c1', watermark: i });
      await until(() => onB.length === 20, 'twenty events on B');
      expect(onB.map((p) => (p as { watermark: number }).watermark)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      await new Promise((resolve) => setTimeout(resolve, 200)); // an echo would have arrived by now
      expect(onA).toHaveLength(20); // local delivery only, the NOTIFY echo is skipped
    });

    /** Listens on the raw channel: what travels between the instances. */
    async function watchWire(channel: string): Promise<{ wire: string[]; end: () => Promise<void> }> {
      const raw = new Client({ connectionString: TEST_DATABASE_URL });
      await raw.connect();
      const wire: string[] = [];
      raw.on('notification', (msg) => wire.push(msg.payload ?? ''));
      await raw.query(`LISTEN ${channel}`);
      return { wire, end: () => raw.end() };
    }

    /** How many events the notifications seen so far carry. */
    function eventsOn(wire: string[]): number {
      return wire.reduce((n, w) => n + ((JSON.parse(w) as { b?: unknown[] }).b?.length ?? 1), 0);
    }

    it('sends the events published together in one notification, and the other instance gets each, in order', async () => {
      const { a, b, channel } = await twoInstances();
      const { wire, end } = await watchWire(channel);
      try {
        const onB: unknown[] = [];
        b.subscribe('dl.activity', (p) => void onB.push(p));
        // Thirty web chat messages answered in the same moment, each publishing its new watermark.
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            a.publish('dl.activity', { conversationId: `c${i}`, watermark: i }),
          ),
        );
        await until(() => onB.length === 30, 'thirty events on B');
        expect(onB).toEqual(
          Array.from({ length: 30 }, (_, i) => ({ conversationId: `c${i}`, watermark: i })),
        );
        await until(() => eventsOn(wire) === 30, 'the thirty events on the wire');
        expect(wire).toHaveLength(1);
      } finally {
        await end();
      }
    });

    it('splits a batch that would pass the size limit into several notifications, keeping the order', async () => {
      const { a, b, channel } = await twoInstances({ maxNotifyBytes: 1000 });
      const { wire, end } = await watchWire(channel);
      try {
        const onB: unknown[] = [];
        b.subscribe('console.event', (p) => void onB.push(p));
        const events = Array.from({ length: 40 }, (_, i) => ({
          type: 'queue',
          caseId: String(i),
          note: 'è'.repeat(40),
        }));
        await Promise.all(events.map((e) => a.publish('console.event', e)));
        await until(() => onB.length === 40, 'forty events on B');
        expect(onB).toEqual(events);
        await until(() => eventsOn(wire) === 40, 'the forty events on the wire');
        expect(wire.length).toBeGreaterThan(1);
        expect(Math.max(...wire.map((w) => Buffer.byteLength(w)))).toBeLessThanOrEqual(1000);
      } finally {
        await end();
      }
    });

    it('when a large payload cannot be stored, still delivers the other events published with it, in order', async () => {
      const storage = await openStorage();
      const channel = unique('cross');
      // A's storage refuses to keep event payloads (a full disk, say); B reads from the real one.
      const failing = new Proxy(storage, {
        get: (target, name, receiver) =>
          name === 'put'
            ? async () => {
                throw new Error('disk full');
              }
            : Reflect.get(target, name, receiver),
      });
      const a = await PostgresEventBus.open({
        connectionString: TEST_DATABASE_URL,
        storage: failing,
        logger,
        channel,
      });
      const b = await PostgresEventBus.open({
        connectionString: TEST_DATABASE_URL,
        storage,
        logger,
        channel,
      });
      buses.push(a, b);
      const onB: unknown[] = [];
      b.subscribe('console.event', (p) => void onB.push(p));
      await Promise.all([
        a.publish('console.event', { type: 'queue', caseId: '1' }),
        a.publish('console.event', { type: 'entries', caseId: '1', text: 'x'.repeat(9000) }),
        a.publish('console.event', { type: 'queue', caseId: '2' }),
      ]);
      await until(() => onB.length === 2, 'the two small events on B');
      expect(onB).toEqual([
        { type: 'queue', caseId: '1' },
        { type: 'queue', caseId: '2' },
      ]);
    });

    it('still understands a single-event notification from an instance of an earlier version', async () => {
      const { b, channel } = await twoInstances();
      const onB: unknown[] = [];
      b.subscribe('dl.activity', (p) => void onB.push(p));
      const raw = new Client({ connectionString: TEST_DATABASE_URL });
      await raw.connect();
      try {
        const old = { i: 'an-older-instance', t: 'dl.activity', p: { conversationId: 'c1', watermark: 4 } };
        await raw.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(old)]);
        await until(() => onB.length === 1, 'the event on B');
        expect(onB).toEqual([{ conversationId: 'c1', watermark: 4 }]);
      } finally {
        await raw.end();
      }
    });

    it('sends a payload too large for NOTIFY by reference, and the other instance reads it intact', async () => {
      const { a, b, storage, channel } = await twoInstances();
      // Watch the raw channel: what travels must stay under PostgreSQL's 8000-byte limit.
      const { wire, end } = await watchWire(channel);
      try {
        const onB: unknown[] = [];
        b.subscribe('console.event', (p) => void onB.push(p));
        const text = 'È una risposta lunga. '.repeat(600); // ~13 kB, with non-ASCII characters
        await a.publish('console.event', { type: 'entries', caseId: '7', entries: [{ dir: 'out', text }] });
        await a.publish('console.event', { type: 'queue', change: { caseId: '7', type: 'claimed' } });
        await until(() => onB.length === 2, 'both events on B');
        expect(onB[0]).toEqual({ type: 'entries', caseId: '7', entries: [{ dir: 'out', text }] });
        expect(onB[1]).toEqual({ type: 'queue', change: { caseId: '7', type: 'claimed' } }); // order kept
        await until(() => wire.length === 2, 'two notifications');
        expect(Math.max(...wire.map((w) => Buffer.byteLength(w)))).toBeLessThan(7900);
        expect(JSON.parse(wire[0] ?? '{}')).toEqual({
          i: a.instanceId,
          b: [{ t: 'console.event', r: expect.any(String) }],
        });
        expect(await storage.list(EVENT_PAYLOADS)).toHaveLength(1);
      } finally {
        await end();
      }
    });

    it('delivers a large event as it was published, even when the publisher changes its object right after', async () => {
      const { a, b } = await twoInstances();
      const onB: unknown[] = [];
      b.subscribe('console.event', (p) => void onB.push(p));
      const event = {
        type: 'entries',
        caseId: '8',
        entries: [{ dir: 'out', text: 'Risposta. '.repeat(1000) }],
      };
      const published = a.publish('console.event', event);
      event.caseId = '9'; // the caller goes on with its own object before the notification leaves
      await published;
      await until(() => onB.length === 1, 'the event on B');
      expect((onB[0] as { caseId: string }).caseId).toBe('8');
    });

    it('reconnects after its LISTEN connection is killed, asks subscribers to resync, then hears again', async () => {
      const { a, b, channel } = await twoInstances();
      const onB: unknown[] = [];
      let resyncs = 0;
      b.subscribe('dl.activity', (p) => void onB.push(p));
      b.onResync(() => {
        resyncs++;
      });
      const admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        // Both LISTEN connections run `LISTEN <channel>`; B's is the newer one: kill it only.
        const { rows } = await admin.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE query = $1 ORDER BY backend_start DESC',
          [`LISTEN ${channel}`],
        );
        expect(rows).toHaveLength(2);
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        await until(() => !b.listening, 'B to notice the lost connection');
        expect(a.listening).toBe(true);
        await until(() => b.listening && resyncs === 1, 'B to reconnect and ask for a resync');
        await a.publish('dl.activity', { conversationId: 'c1', watermark: 9 });
        await until(() => onB.length === 1, 'an event after the reconnection');
        expect(onB).toEqual([{ conversationId: 'c1', watermark: 9 }]);
      } finally {
        await admin.end();
      }
    });
  });
}
