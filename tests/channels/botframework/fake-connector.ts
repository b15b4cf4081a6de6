import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot posted to the connector. */
export interface PostedActivity {
  conversationId: string;
  /** Set when the bot replied to an activity (`replyToActivity`), absent for proactive sends. */
  replyToId?: string;
  activity: {
    type: string;
    text?: string;
    textFormat?: string;
    suggestedActions?: { actions: Array<{ type: string; title: string; value: unknown }> };
    attachments?: unknown[];
  };
  authorization?: string;
}

/**
 * A local Bot Framework connector (what the Emulator or Azure Bot Service runs at `serviceUrl`): records the
 * bot's `POST /v3/conversations/:id/activities[/:activityId]` calls.
 */
export class FakeConnector {
  readonly posted: PostedActivity[] = [];
  private next = 1;
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Message activities posted to one conversation. */
  messages(conversationId: string): PostedActivity[] {
    return this.posted.filter((p) => p.conversationId === conversationId && p.activity.type === 'message');
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      // Not chained: restify (loaded by other tests in this worker) patches writeHead to return nothing.
      res.writeHead(404);
      res.end();
      return;
    }
    this.posted.push({
      conversationId: decodeURIComponent(match[1]),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      activity: JSON.parse(Buffer.concat(chunks).toString()),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `reply-${this.next++}` }));
  }
}
