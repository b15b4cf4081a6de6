import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConversationRef } from '../../../src/engine/types';
import { SlotTakenError } from '../../../src/services/errors';
import type { SlotRequest } from '../../../src/services/tickets/slot-places';
import { type NewTicket, TICKETS, TicketStore } from '../../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import type { BatchOp, Storage } from '../../../src/storage/storage';

/**
 * Protocol numbers form a register without gaps: a citizen who loses the last place of a slot, or a write cut
 * short, consumes no number, and citizens confirming at the same moment get consecutive ones.
 */

const NOW = new Date('2026-11-20T10:00:00.000Z');
const SLOT: SlotRequest = { key: 'certificati:data:2026-11-24T09:00', capacity: 1 };

function request(id: string, bookings: SlotRequest[] = []): NewTicket {
  const ref: ConversationRef = { channel: 'webchat', conversationId: id, userId: id };
  return {
    submissionId: `sub-${id}`,
    service: 'certificati',
    serviceTitle: { it: 'Ritiro certificati', en: 'Certificate pick-up' },
    fields: {},
    summary: [],
    attachments: [],
    ref,
    lang: 'it',
    bookings,
  };
}

/** A storage whose next batch fails as a process killed mid-write would: before or after it commits. */
class CutShort {
  cut: 'before' | 'after' | undefined;
  constructor(readonly inner: Storage) {}
  storage(): Storage {
    return new Proxy(this.inner, {
      get: (target, name, receiver) => {
        if (name !== 'batch') {
          const v = Reflect.get(target, name, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        }
        return async (ops: BatchOp[]) => {
          const cut = this.cut;
          this.cut = undefined;
          if (cut === 'before') throw new Error('killed before the write');
          const seqs = await target.batch(ops);
          if (cut === 'after') throw new Error('killed after the write');
          return seqs;
        };
      },
    });
  }
}

const backends: Array<[string, () => Promise<{ storage: Storage; done: () => Promise<void> }>]> = [
  ['memory', async () => ({ storage: new MemoryStorage(), done: async () => undefined })],
  [
    'SQLite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-protocol-'));
      const storage = new SqliteStorage(path.join(dir, 'db.sqlite'));
      return {
        storage,
        done: async () => {
          await storage.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(backends)('protocol register on %s', (_name, open) => {
  let storage: Storage;
  let done: () => Promise<void>;
  let cutter: CutShort;
  let tickets: TicketStore;
  beforeEach(async () => {
    ({ storage, done } = await open());
    cutter = new CutShort(storage);
    tickets = new TicketStore(cutter.storage(), { cityCode: 'ESE', now: () => NOW, webhook: true });
  });
  afterEach(() => done());

  it('a citizen who loses the last place of a slot consumes no number', async () => {
    const results = await Promise.allSettled([
      tickets.create(request('a', [SLOT])),
      tickets.create(request('b', [SLOT])),
    ]);
    const booked = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.ticket.protocol] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(booked).toEqual(['ESE-2026-000001']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(SlotTakenError);
    expect((await tickets.create(request('c'))).ticket.protocol).toBe('ESE-2026-000002');
  });

  it('a write cut short before it commits consumes no number', async () => {
    cutter.cut = 'before';
    await expect(tickets.create(request('a'))).rejects.toThrow('killed before the write');
    expect(await storage.list(TICKETS)).toEqual([]);
    expect((await tickets.create(request('b'))).ticket.protocol).toBe('ESE-2026-000001');
  });

  it('a write cut short after it commits keeps its number and a retried confirmation finds it', async () => {
    cutter.cut = 'after';
    await expect(tickets.create(request('a'))).rejects.toThrow('killed after the write');
    const again = await tickets.create(request('a'));
    expect(again).toMatchObject({ created: false, ticket: { protocol: 'ESE-2026-000001' } });
    expect((await tickets.create(request('b'))).ticket.protocol).toBe('ESE-2026-000002');
  });

  it('twenty confirmations at the same moment get twenty consecutive numbers', async () => {
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => tickets.create(request(`c${i}`))));
    const numbers = made.map((m) => m.ticket.protocol).sort();
    expect(numbers).toEqual(
      Array.from({ length: 20 }, (_, i) => `ESE-2026-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('starts after the tickets a year already has, steps over one stored aside, and each year from 1', async () => {
    await storage.put(TICKETS, 'ESE-2026-000007', { protocol: 'ESE-2026-000007' });
    await storage.put(TICKETS, 'ESE-2025-000041', { protocol: 'ESE-2025-000041' });
    expect((await tickets.create(request('a'))).ticket.protocol).toBe('ESE-2026-000008');
    // A number taken meanwhile by an older version still running, outside the register, is stepped over.
    await storage.put(TICKETS, 'ESE-2026-000009', { protocol: 'ESE-2026-000009' });
    expect((await tickets.create(request('a2'))).ticket.protocol).toBe('ESE-2026-000010');
    expect((await tickets.create(request('a3'))).ticket.protocol).toBe('ESE-2026-000011');
    const nextYear = new TicketStore(storage, {
      cityCode: 'ESE',
      now: () => new Date('2027-01-02T10:00:00.000Z'),
      webhook: false,
    });
    expect((await nextYear.create(request('b'))).ticket.protocol).toBe('ESE-2027-000001');
  });
});
