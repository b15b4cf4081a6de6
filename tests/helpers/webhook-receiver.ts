import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/services/webhook/signature';

/** One POST the receiver got. */
export interface Delivery {
  eventId: string;
  type: string;
  attempt: string;
  protocol: string;
  signed: boolean;
}

/**
 * A city's webhook receiver for tests: records every delivery (checking its signature) and answers 204, or,
 * while {@link WebhookReceiver.hold} is on, keeps the request open without answering (a slow back office).
 */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  hold = false;
  private readonly server: http.Server;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly secret: string) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const event = JSON.parse(body) as {
          id: string;
          type: string;
          data: { ticket: { protocol: string } };
        };
        this.deliveries.push({
          eventId: String(req.headers['x-sportello-event-id']),
          type: event.type,
          attempt: String(req.headers['x-sportello-attempt']),
          protocol: event.data.ticket.protocol,
          signed:
            event.id === req.headers['x-sportello-event-id'] &&
            verifySignature(body, this.secret, req.headers['x-sportello-signature'] as string | undefined),
        });
        for (const wake of this.waiters.splice(0)) wake();
        if (this.hold) return; // answered never: the sender dies first, or its timeout fires
        // Not chained: restify (loaded by other tests in this worker) patches writeHead to return nothing.
        res.writeHead(204);
        res.end();
      });
    });
  }

  /** Starts listening on a free local port and resolves the webhook URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Resolves once `predicate` holds over the deliveries, or rejects after `timeoutMs`. */
  async until(predicate: (d: readonly Delivery[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.deliveries)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`webhook: condition not met; got ${JSON.stringify(this.deliveries)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
