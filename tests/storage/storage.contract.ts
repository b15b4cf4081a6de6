import { VersionConflictError } from '../../src/storage/errors';
import type { Storage } from '../../src/storage/storage';

/**
 * The storage contract suite: every backend runs these same tests (memory, SQLite, and PostgreSQL later).
 * `open` returns a fresh, empty store; `reopen` (when the backend is durable) opens the same data again.
 */
export function storageContract(
  name: string,
  open: () => Promise<Storage>,
  reopen?: (previous: Storage) => Promise<Storage>,
): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('stores and reads JSON documents, absent keys read as undefined', async () => {
      await storage.put('c', 'k', { a: 1, text: 'perché è così? 🙂', nested: { list: [1, 'x'] } });
      expect(await storage.get('c', 'k')).toEqual({
        a: 1,
        text: 'perché è così? 🙂',
        nested: { list: [1, 'x'] },
      });
      expect(await storage.get('c', 'missing')).toBeUndefined();
      expect(await storage.get('other', 'k')).toBeUndefined();
    });

    it('returns copies: changing a read value does not change the stored one', async () => {
      await storage.put('c', 'k', { n: 1 });
      const read = await storage.get<{ n: number }>('c', 'k');
      if (read) read.n = 99;
      expect(await storage.get('c', 'k')).toEqual({ n: 1 });
    });

    it('counts versions from 1 and refuses writes with a stale expected version', async () => {
      expect(await storage.put('c', 'k', 'first')).toBe(1);
      expect(await storage.put('c', 'k', 'second', { expectVersion: 1 })).toBe(2);
      expect(await storage.getVersioned('c', 'k')).toEqual({ value: 'second', version: 2 });
      await expect(storage.put('c', 'k', 'stale', { expectVersion: 1 })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(storage.put('c', 'k', 'again', { expectVersion: null })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await storage.put('c', 'new', 'created', { expectVersion: null })).toBe(1);
      expect(await storage.get('c', 'k')).toBe('second');
    });

    it('reads a document again only when its version moved on from the one the caller holds', async () => {
      await storage.put('c', 'k', { step: 'a' });
      expect(await storage.getIfChanged('c', 'k', 1)).toBe('unchanged');
      await storage.put('c', 'k', { step: 'b' }, { expectVersion: 1 });
      expect(await storage.getIfChanged('c', 'k', 1)).toEqual({ value: { step: 'b' }, version: 2 });
      // A batch's put counts like any other write.
      await storage.batch([{ op: 'put', collection: 'c', key: 'k', value: { step: 'c' }, expectVersion: 2 }]);
      expect(await storage.getIfChanged('c', 'k', 2)).toEqual({ value: { step: 'c' }, version: 3 });
      expect(await storage.getIfChanged('c', 'k', 3)).toBe('unchanged');
      await storage.delete('c', 'k');
      expect(await storage.getIfChanged('c', 'k', 3)).toBeUndefined();
      expect(await storage.getIfChanged('c', 'missing', 1)).toBeUndefined();
    });
    it('lets exactly one of many concurrent conditional creates win', async () => {
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          storage.put('claims', 'conv-1', { by: i }, { expectVersion: null }),
        ),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    });

    it('hands each of a few places to exactly one of many concurrent batches claiming them', async () => {
      // The shape of an appointment booking: a ticket and a conditional insert of one place (`slot#n`) in
      // one batch; a refused place leaves nothing of its batch, and a deleted place can be claimed again.
      const claim = (i: number, place: number) =>
        storage.batch([
          { op: 'put', collection: 'tickets', key: `t${i}`, value: { i }, expectVersion: null },
          { op: 'put', collection: 'places', key: `slot#${place}`, value: { by: i }, expectVersion: null },
          { op: 'append', stream: 'events', value: i },
        ]);
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => claim(i, (i % 3) + 1)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(3);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
      expect((await storage.list('places')).map((e) => e.key)).toEqual(['slot#1', 'slot#2', 'slot#3']);
      expect((await storage.list('tickets')).map((e) => e.key).sort()).toEqual(
        won.map((i) => `t${i}`).sort(),
      );
      expect(await storage.read('events')).toHaveLength(3);

      await storage.batch([{ op: 'delete', collection: 'places', key: 'slot#2' }]);
      await expect(claim(100, 1)).rejects.toBeInstanceOf(VersionConflictError);
      await claim(101, 2);
      expect(await storage.get('places', 'slot#2')).toEqual({ by: 101 });
    });

    it('deletes documents and tells whether something was deleted', async () => {
      await storage.put('c', 'k', 1);
      expect(await storage.delete('c', 'k')).toBe(true);
      expect(await storage.delete('c', 'k')).toBe(false);
      expect(await storage.get('c', 'k')).toBeUndefined();
    });

    it('lists a collection in key order, by prefix and with a limit', async () => {
      for (const key of ['b:2', 'a:1', 'b:1', 'c:1']) await storage.put('list', key, key.toUpperCase());
      await storage.put('elsewhere', 'b:9', 'no');
      expect((await storage.list('list')).map((d) => d.key)).toEqual(['a:1', 'b:1', 'b:2', 'c:1']);
      expect(await storage.list('list', { prefix: 'b:' })).toEqual([
        { key: 'b:1', value: 'B:1' },
        { key: 'b:2', value: 'B:2' },
      ]);
      expect((await storage.list('list', { limit: 2 })).map((d) => d.key)).toEqual(['a:1', 'b:1']);
    });

    it('appends to streams with sequence numbers 1, 2, 3… per stream and reads after a watermark', async () => {
      expect(await storage.append('s1', { n: 1 })).toBe(1);
      expect(await storage.append('s1', { n: 2 })).toBe(2);
      expect(await storage.append('s2', { n: 'other' })).toBe(1);
      expect(await storage.append('s1', { n: 3 })).toBe(3);
      const all = await storage.read<{ n: number }>('s1');
      expect(all.map((e) => [e.seq, e.value.n])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(all[0]?.at).toBeInstanceOf(Date);
      expect((await storage.read('s1', { after: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
      expect(await storage.read('s1', { after: 3 })).toEqual([]);
      expect(await storage.read('nothing')).toEqual([]);
    });

    it('keeps sequence numbers gap-free under concurrent appends', async () => {
      const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => storage.append('busy', i)));
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('deletes a whole stream', async () => {
      await storage.append('gone', 1);
      await storage.append('gone', 2);
      expect(await storage.deleteStream('gone')).toBe(2);
      expect(await storage.read('gone')).toEqual([]);
    });

    it('continues the numbering after a stream is deleted, so a watermark never sees an old number again', async () => {
      await storage.append('reused', 'a');
      await storage.append('reused', 'b');
      await storage.deleteStream('reused');
      expect(await storage.append('reused', 'c')).toBe(3);
      expect(await storage.batch([{ op: 'append', stream: 'reused', value: 'd' }])).toEqual([4]);
      expect((await storage.read('reused')).map((e) => [e.seq, e.value])).toEqual([
        [3, 'c'],
        [4, 'd'],
      ]);
      await storage.deleteStream('reused');
      await storage.deleteStream('reused');
      expect(await storage.append('reused', 'e')).toBe(5);
    });

    it("tells a stream's last sequence number, kept after the stream is deleted", async () => {
      expect(await storage.lastSeq('never')).toBe(0);
      await storage.append('head', 'a');
      await storage.batch([
        { op: 'append', stream: 'head', value: 'b' },
        { op: 'append', stream: 'other', value: 'x' },
      ]);
      expect(await storage.lastSeq('head')).toBe(2);
      expect(await storage.lastSeq('other')).toBe(1);
      // A refused batch hands out no number.
      await expect(
        storage.batch([
          { op: 'append', stream: 'head', value: 'c' },
          { op: 'put', collection: 'c', key: 'k', value: 1, expectVersion: 7 },
        ]),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await storage.lastSeq('head')).toBe(2);
      await storage.deleteStream('head');
      expect(await storage.lastSeq('head')).toBe(2);
      expect(await storage.append('head', 'd')).toBe(3);
      expect(await storage.lastSeq('head')).toBe(3);
    });

    it('increments counters atomically, starting at 1', async () => {
      const values = await Promise.all(Array.from({ length: 20 }, () => storage.increment('protocol:2026')));
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await storage.increment('other')).toBe(1);
    });

    it('applies a batch atomically: a refused condition leaves nothing written', async () => {
      await storage.put('c', 'guard', 'v1');
      await expect(
        storage.batch([
          { op: 'put', collection: 'c', key: 'ticket', value: { n: 1 } },
          { op: 'append', stream: 'outbox', value: 'event' },
          { op: 'put', collection: 'c', key: 'guard', value: 'v2', expectVersion: 7 },
        ]),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await storage.get('c', 'ticket')).toBeUndefined();
      expect(await storage.read('outbox')).toEqual([]);
      expect(await storage.get('c', 'guard')).toBe('v1');

      const seqs = await storage.batch([
        { op: 'put', collection: 'c', key: 'ticket', value: { n: 1 }, expectVersion: null },
        { op: 'append', stream: 'outbox', value: 'a' },
        { op: 'append', stream: 'outbox', value: 'b' },
        { op: 'delete', collection: 'c', key: 'guard' },
      ]);
      expect(seqs).toEqual([1, 2]);
      expect(await storage.get('c', 'ticket')).toEqual({ n: 1 });
      expect(await storage.get('c', 'guard')).toBeUndefined();
    });

    it('keeps concurrent batches independent: a refused one does not undo the others', async () => {
      const [ok, refused, alsoOk] = await Promise.allSettled([
        storage.batch([{ op: 'put', collection: 'c', key: 'a', value: 1 }]),
        storage.batch([
          { op: 'append', stream: 'log', value: 'never' },
          { op: 'put', collection: 'c', key: 'b', value: 2, expectVersion: 5 },
        ]),
        storage.batch([{ op: 'append', stream: 'log', value: 'kept' }]),
      ]);
      expect([ok.status, refused.status, alsoOk.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await storage.get('c', 'a')).toBe(1);
      expect(await storage.get('c', 'b')).toBeUndefined();
      expect((await storage.read('log')).map((e) => [e.seq, e.value])).toEqual([[1, 'kept']]);
    });

    it('settles each of many writes asked for at the same moment on its own', async () => {
      await storage.put('c', 'x', 'x1');
      await storage.put('c', 'y', 'y1');
      const [streamWrites, refusedFirst, refusedLater, ok, bumped, deleted] = await Promise.allSettled([
        Promise.all([
          ...Array.from({ length: 30 }, (_, i) => storage.append('shared', i)),
          ...Array.from({ length: 10 }, (_, i) =>
            storage.batch([
              { op: 'append', stream: 'shared', value: `b${i}` },
              { op: 'append', stream: 'shared', value: `c${i}` },
            ]),
          ),
        ]),
        storage.put('c', 'x', 'stale', { expectVersion: 9 }),
        storage.batch([
          { op: 'put', collection: 'c', key: 'y', value: 'y2', expectVersion: 1 },
          { op: 'append', stream: 'undone', value: 'never' },
          { op: 'put', collection: 'c', key: 'x', value: 'x2', expectVersion: 5 },
        ]),
        storage.batch([{ op: 'put', collection: 'c', key: 'z', value: 'z1', expectVersion: null }]),
        storage.increment('n'),
        storage.delete('c', 'x'),
      ]);
      expect(refusedFirst.status === 'rejected' && refusedFirst.reason).toBeInstanceOf(VersionConflictError);
      expect(refusedLater.status === 'rejected' && refusedLater.reason).toMatchObject({
        collection: 'c',
        key: 'x',
        expected: 5,
      });
      expect([ok.status, bumped.status, deleted.status]).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const seqs = streamWrites.status === 'fulfilled' ? streamWrites.value.flat() : [];
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await storage.get('c', 'y')).toBe('y1');
      expect(await storage.read('undone')).toEqual([]);
      expect(await storage.get('c', 'z')).toBe('z1');
      expect(await storage.get('c', 'x')).toBeUndefined();
      expect(await storage.increment('n')).toBe(2);
    });

    it('keeps numbers gap-free for hundreds of concurrent writers and for one very large batch', async () => {
      const singles = Promise.all(Array.from({ length: 450 }, (_, i) => storage.append(`s${i % 3}`, i)));
      const large = storage.batch(
        Array.from({ length: 450 }, (_, i) => ({ op: 'append' as const, stream: 'large', value: i })),
      );
      const bySingles = await singles;
      for (const s of [0, 1, 2]) {
        const mine = bySingles.filter((_, i) => i % 3 === s).sort((a, b) => a - b);
        expect(mine).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      }
      expect(await large).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
      const read = await storage.read<number>('large', { after: 440 });
      expect(read.map((e) => [e.seq, e.value])).toEqual(
        Array.from({ length: 10 }, (_, i) => [441 + i, 440 + i]),
      );
    });

    it('keeps text with quotes, backslashes, braces and commas intact', async () => {
      const tricky = { s: 'a "quoted" \\ back\\slash {x,y} NULL, \'é\' \t\n', list: ['{', '}', '"', ','] };
      await storage.put('c', 'tricky', tricky);
      await storage.append('tricky', tricky);
      await storage.batch([{ op: 'append', stream: 'tricky', value: 'NULL' }]);
      expect(await storage.get('c', 'tricky')).toEqual(tricky);
      expect((await storage.read('tricky')).map((e) => e.value)).toEqual([tricky, 'NULL']);
    });

    it('refuses a batch holding a value that cannot be stored, writing nothing of it', async () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(
        storage.batch([
          { op: 'put', collection: 'c', key: 'first', value: 1 },
          { op: 'append', stream: 'log', value: circular },
        ]),
      ).rejects.toThrow();
      expect(await storage.get('c', 'first')).toBeUndefined();
      expect(await storage.read('log')).toEqual([]);
    });

    it('answers ping while open', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    if (reopen) {
      it('keeps documents, streams and counters after close and reopen', async () => {
        await storage.put('c', 'k', { kept: true });
        await storage.append('s', 'line');
        await storage.increment('n');
        await storage.close();
        storage = await reopen(storage);
        expect(await storage.get('c', 'k')).toEqual({ kept: true });
        expect((await storage.read('s')).map((e) => e.value)).toEqual(['line']);
        expect(await storage.increment('n')).toBe(2);
      });
    }
  });
}
