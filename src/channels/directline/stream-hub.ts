import type { Logger } from 'pino';
import WebSocket from 'ws';
import { z } from 'zod';
import type { EventBus } from '../../events/event-bus';
import type { Activity, ActivitySet } from './activity';
import { PAGE_SIZE } from './conversation-store';

/** Bus topic telling every instance that a conversation's activities grew up to a watermark. */
export const DL_ACTIVITY_TOPIC = 'dl.activity';

const activityEvent = z.object({
  conversationId: z.string().min(1),
  watermark: z.number().int().nonnegative(),
});

/** One open WebSocket stream of a conversation, as registered in the {@link StreamHub}. */
export interface Subscriber {
  ws: WebSocket;
  conversationId: string;
  /** False while the history is being sent; live frames wait in `pending` meanwhile. */
  live: boolean;
  pending: ActivitySet[];
  /** Highest sequence number already sent on this socket. */
  sent: number;
  /** Highest sequence number known to exist (from events of other instances). */
  known: number;
  /** A catch-up read from storage is running; `again` asks it for one more round. */
  reading: boolean;
  again: boolean;
}

/** What the {@link StreamHub} needs. */
export interface StreamHubOptions {
  /** Reads one page of a conversation's activities after a watermark (from storage). */
  read(conversationId: string, after: number): Promise<ActivitySet>;
  /** Shares "new activities" events with the other instances (optional: one process needs none). */
  bus?: EventBus;
  logger?: Logger;
}

/** The sequence number inside an activity id `<conversationId>|0000042`. */
function seqOf(id: string | undefined): number {
  return Number(id?.slice(id.lastIndexOf('|') + 1) ?? 0);
}

/**
 * Fans activities out to the WebSocket streams of their conversation. A new stream first gets the history
 * after its watermark; activities published meanwhile are held back and sent after it, without duplicates.
 * Activities stored by another instance (a reply sent by an operator there) arrive as `dl.activity` events on
 * the bus and are read from storage after each socket's watermark: frames stay in order, with no gaps and no
 * duplicates, whichever instance stored them.
 */
export class StreamHub {
  private readonly streams = new Map<string, Set<Subscriber>>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly options: StreamHubOptions) {
    const { bus } = options;
    if (!bus) return;
    this.unsubscribe.push(
      bus.subscribe(DL_ACTIVITY_TOPIC, (payload) => {
        const event = activityEvent.safeParse(payload);
        if (event.success) this.notify(event.data.conversationId, event.data.watermark);
      }),
      // Events were lost while the bus was away: every live stream reads what it may have missed.
      bus.onResync(() => {
        for (const set of this.streams.values()) for (const sub of set) if (sub.live) this.catchUp(sub);
      }),
    );
  }

  /** Registers a socket that has not had its history yet; call {@link goLive} once it has. */
  add(conversationId: string, ws: WebSocket, watermark: number): Subscriber {
    const sub: Subscriber = {
      ws,
      conversationId,
      live: false,
      pending: [],
      sent: watermark,
      known: 0,
      reading: false,
      again: false,
    };
    let set = this.streams.get(conversationId);
    if (!set) {
      set = new Set();
      this.streams.set(conversationId, set);
    }
    set.add(sub);
    ws.on('close', () => {
      set.delete(sub);
      if (set.size === 0 && this.streams.get(conversationId) === set) this.streams.delete(conversationId);
    });
    return sub;
  }

  /** Sends a history page to one socket. */
  sendHistory(sub: Subscriber, page: ActivitySet): void {
    this.write(sub, page);
  }

  /** Ends the history phase: sends what was published meanwhile and goes live. */
  goLive(sub: Subscriber): void {
    sub.live = true;
    for (const set of sub.pending.splice(0)) this.write(sub, set);
    if (sub.known > sub.sent) this.catchUp(sub);
  }

  /**
   * Sends activities just stored by this instance, up to `watermark`, to the conversation's streams here,
   * and tells the other instances (whose streams read them from storage). `activities` is called only when
   * a stream of the conversation is open here: for a client that polls, or only posts, they are never built.
   */
  publish(conversationId: string, watermark: string, activities: () => Activity[]): void {
    const subs = this.streams.get(conversationId);
    if (subs) {
      const set: ActivitySet = { activities: activities(), watermark };
      for (const sub of subs) {
        if (sub.live) this.write(sub, set);
        else sub.pending.push(set);
      }
    }
    void this.options.bus?.publish(DL_ACTIVITY_TOPIC, { conversationId, watermark: Number(watermark) });
  }

  /** Number of open streams (all conversations). */
  get size(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** Closes every stream with 1001 "going away", so clients reconnect elsewhere; resolves when all closed. */
  async closeAll(): Promise<void> {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    const sockets = [...this.streams.values()].flatMap((set) => [...set].map((s) => s.ws));
    await Promise.all(
      sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), 1000);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1001, 'Server shutting down');
          }),
      ),
    );
  }

  /** Another instance stored activities up to `watermark`: streams behind it read them from storage. */
  private notify(conversationId: string, watermark: number): void {
    for (const sub of this.streams.get(conversationId) ?? []) {
      if (watermark <= sub.sent) continue; // this instance's own event, or already sent
      sub.known = Math.max(sub.known, watermark);
      if (sub.live) this.catchUp(sub);
    }
  }

  /** Reads and sends everything after the socket's watermark; one read at a time per socket. */
  private catchUp(sub: Subscriber): void {
    if (sub.reading) {
      sub.again = true;
      return;
    }
    sub.reading = true;
    void (async () => {
      do {
        sub.again = false;
        for (;;) {
          if (sub.ws.readyState !== WebSocket.OPEN) return;
          const page = await this.options.read(sub.conversationId, sub.sent);
          this.write(sub, page);
          if (page.activities.length < PAGE_SIZE) break;
        }
      } while (sub.again);
    })()
      .catch((err: unknown) => this.options.logger?.error({ err }, 'web chat stream catch-up failed'))
      .finally(() => {
        sub.reading = false;
      });
  }

  private write(sub: Subscriber, set: ActivitySet): void {
    const activities = set.activities.filter((a) => seqOf(a.id) > sub.sent);
    if (activities.length === 0 || sub.ws.readyState !== WebSocket.OPEN) return;
    // Activities stored by another instance in between have not reached this socket yet: read them first.
    if (seqOf(activities[0]?.id) > sub.sent + 1) {
      this.catchUp(sub);
      return;
    }
    sub.sent = seqOf(activities.at(-1)?.id);
    sub.ws.send(JSON.stringify({ activities, watermark: String(sub.sent) }));
  }
}
