import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API call the fake received. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

interface Waiter {
  offset: number;
  resolve: (updates: unknown[]) => void;
}

/**
 * A local Telegram Bot API emulator for tests: long-polling `getUpdates` over queued updates, `sendMessage`
 * and friends recorded per chat, webhook delivery with the secret header, and one-off 429 answers.
 */
export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  webhook: { url: string; secret?: string } | undefined;
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private pending: Array<{ update: { update_id: number }; delivered: boolean }> = [];
  private waiters: Waiter[] = [];
  private failures: Array<{ method: string; retryAfter: number }> = [];
  private broken = new Set<string>();
  private nextUpdateId = 1000;
  private nextMessageId = 1;

  constructor(readonly token = '123456:TEST-token_abc') {}

  /** Starts listening; resolves the API root to give telegraf. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w.resolve([]);
    this.waiters = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A fresh update id. */
  updateId(): number {
    return this.nextUpdateId++;
  }

  /** Queues an update for `getUpdates` (also again, to simulate a redelivery). */
  push(update: { update_id: number }): void {
    this.pending.push({ update, delivered: false });
    this.flushWaiters();
  }

  /** Posts an update to the registered webhook as Telegram does; resolves the HTTP status. */
  async deliver(update: unknown, secret = this.webhook?.secret): Promise<number> {
    if (!this.webhook) throw new Error('no webhook set');
    const res = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
      },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** The next `count` calls of `method` answer 429 with `retry_after`. */
  /** Answers every call of `method` with a 500, as the Bot API does during an outage. */
  breakMethod(method: string): void {
    this.broken.add(method);
  }

  failWith429(method: string, retryAfter: number, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push({ method, retryAfter });
  }

  /** Calls of one method, optionally for one chat. */
  callsOf(method: string, chatId?: string | number): ApiCall[] {
    return this.calls.filter(
      (c) => c.method === method && (chatId === undefined || String(c.payload.chat_id) === String(chatId)),
    );
  }

  private flushWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const updates = this.take(waiter.offset);
      if (updates.length === 0) continue;
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(updates);
    }
  }

  /** Confirms updates below `offset` (as Telegram does) and returns the others. */
  private take(offset: number): unknown[] {
    this.pending = this.pending.filter((p) => !(p.delivered && p.update.update_id < offset));
    const out = this.pending.filter((p) => !p.delivered || p.update.update_id >= offset);
    for (const p of out) p.delivered = true;
    return out.map((p) => p.update);
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match || match[1] !== this.token)
      return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] ?? '';
    let payload: Record<string, unknown> = {};
    if ((req.headers['content-type'] ?? '').includes('json') && raw) payload = JSON.parse(raw);
    this.calls.push({ method, payload, at: Date.now() });
    if (this.broken.has(method))
      return send(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    const failure = this.failures.findIndex((f) => f.method === method);
    if (failure !== -1) {
      const [f] = this.failures.splice(failure, 1);
      return send(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${f?.retryAfter}`,
        parameters: { retry_after: f?.retryAfter },
      });
    }
    const ok = (result: unknown) => send(200, { ok: true, result });
    switch (method) {
      case 'getMe':
        return ok({ id: 42, is_bot: true, first_name: 'Sportello', username: 'SportelloTestBot' });
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        const updates = this.take(offset);
        const timeout = Number(payload.timeout ?? 0);
        if (updates.length > 0 || timeout === 0) return ok(updates);
        const waiter: Waiter = { offset, resolve: (u) => ok(u) };
        this.waiters.push(waiter);
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          ok([]);
        }, timeout * 1000);
        res.on('close', () => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
        });
        return;
      }
      case 'setWebhook':
        this.webhook = {
          url: String(payload.url),
          ...(payload.secret_token ? { secret: String(payload.secret_token) } : {}),
        };
        return ok(true);
      case 'deleteWebhook':
        this.webhook = undefined;
        return ok(true);
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return ok(true);
      case 'getFile':
        return ok({
          file_id: payload.file_id,
          file_unique_id: 'u1',
          file_size: 1234,
          file_path: 'photos/file_1.jpg',
        });
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: 'private' },
          ...(typeof payload.text === 'string' ? { text: payload.text } : {}),
        });
      default:
        return send(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }
}
