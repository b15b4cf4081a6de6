import WebSocket from 'ws';
import type { ActivitySet } from './activity';

/** One open WebSocket stream of a conversation, as registered in the {@link StreamHub}. */
export interface Subscriber {
  ws: WebSocket;
  /** False while the history is being sent; live frames wait in `pending` meanwhile. */
  live: boolean;
  pending: ActivitySet[];
  /** Highest sequence number already sent on this socket. */
  sent: number;
}

/** The sequence number inside an activity id `<conversationId>|0000042`. */
function seqOf(id: string | undefined): number {
  return Number(id?.slice(id.lastIndexOf('|') + 1) ?? 0);
}

/**
 * Fans activities out to the WebSocket streams of their conversation. A new stream first gets the history
 * after its watermark; activities published meanwhile are held back and sent after it, without duplicates.
 */
export class StreamHub {
  private readonly streams = new Map<string, Set<Subscriber>>();

  /** Registers a socket that has not had its history yet; call {@link goLive} once it has. */
  add(conversationId: string, ws: WebSocket, watermark: number): Subscriber {
    const sub: Subscriber = { ws, live: false, pending: [], sent: watermark };
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
  }

  /** Sends activities to every stream of the conversation. */
  publish(conversationId: string, set: ActivitySet): void {
    for (const sub of this.streams.get(conversationId) ?? []) {
      if (sub.live) this.write(sub, set);
      else sub.pending.push(set);
    }
  }

  /** Number of open streams (all conversations). */
  get size(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** Closes every stream with 1001 "going away", so clients reconnect elsewhere; resolves when all closed. */
  async closeAll(): Promise<void> {
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

  private write(sub: Subscriber, set: ActivitySet): void {
    const activities = set.activities.filter((a) => seqOf(a.id) > sub.sent);
    if (activities.length === 0 || sub.ws.readyState !== WebSocket.OPEN) return;
    sub.sent = seqOf(activities.at(-1)?.id);
    sub.ws.send(JSON.stringify({ activities, watermark: String(sub.sent) }));
  }
}
