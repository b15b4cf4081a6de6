import { InvalidTopicError } from '../../src/events/errors';
import type { EventBus } from '../../src/events/event-bus';
import { until } from './postgres-probe';

/** The behaviour every {@link EventBus} shares, seen from one instance. */
export function eventBusContract(name: string, open: () => Promise<EventBus>): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    beforeEach(async () => {
      bus = await open();
    });
    afterEach(async () => {
      await bus.close();
    });

    it('delivers an event to every subscriber of its topic, this instance included, in order', async () => {
      const first: unknown[] = [];
      const second: unknown[] = [];
      const other: unknown[] = [];
      bus.subscribe('dl.activity', (p) => void first.push(p));
      bus.subscribe('dl.activity', (p) => void second.push(p));
      bus.subscribe('console.event', (p) => void other.push(p));
      for (let i = 1; i <= 5; i++) await bus.publish('dl.activity', { conversationId: 'c1', watermark: i });
      await until(() => first.length === 5 && second.length === 5, 'five events');
      expect(first.map((p) => (p as { watermark: number }).watermark)).toEqual([1, 2, 3, 4, 5]);
      expect(second).toEqual(first);
      expect(other).toEqual([]);
    });

    it('hands subscribers a copy, never the publisher’s object, and never re-enters the publisher', async () => {
      const payload = { conversationId: 'c1', nested: { n: 1 } };
      const seen: Array<typeof payload> = [];
      bus.subscribe('dl.activity', (p) => void seen.push(p as typeof payload));
      const published = bus.publish('dl.activity', payload);
      expect(seen).toEqual([]); // not synchronously, inside publish
      await published;
      await until(() => seen.length === 1, 'the event');
      expect(seen[0]).toEqual(payload);
      expect(seen[0]).not.toBe(payload);
    });

    it('stops delivering after unsubscribe', async () => {
      const seen: unknown[] = [];
      const off = bus.subscribe('console.event', (p) => void seen.push(p));
      await bus.publish('console.event', { n: 1 });
      await until(() => seen.length === 1, 'the first event');
      off();
      await bus.publish('console.event', { n: 2 });
      await bus.publish('console.logout', { n: 3 }); // a later event on another topic proves the first is gone
      const later: unknown[] = [];
      bus.subscribe('console.logout', (p) => void later.push(p));
      await bus.publish('console.logout', { n: 4 });
      await until(() => later.length >= 1, 'the later event');
      expect(seen).toEqual([{ n: 1 }]);
    });

    it('keeps delivering to the others when one handler throws or rejects', async () => {
      const seen: unknown[] = [];
      bus.subscribe('dl.activity', () => {
        throw new Error('boom');
      });
      bus.subscribe('dl.activity', async () => {
        throw new Error('async boom');
      });
      bus.subscribe('dl.activity', (p) => void seen.push(p));
      await bus.publish('dl.activity', { n: 1 });
      await bus.publish('dl.activity', { n: 2 });
      await until(() => seen.length === 2, 'both events');
    });

    it('refuses malformed topic names', async () => {
      expect(() => bus.subscribe('Bad Topic', () => undefined)).toThrow(InvalidTopicError);
      await expect(bus.publish('', {})).rejects.toThrow(InvalidTopicError);
    });
  });
}
