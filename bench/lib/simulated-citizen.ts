import http from 'node:http';
import WebSocket from 'ws';

/** One message of a script: what the citizen sends and a piece of text the bot's reply must contain. */
export interface ScriptLine {
  text: string;
  choice?: string;
  /**
   * Lower-case substring expected in the bot's reply, or one per language the conversation may be in (a
   * question in English switches it to English); any reply will do when absent.
   */
  expect?: string | readonly string[];
}

/** What one citizen measured. */
export interface CitizenStats {
  /** Reply latencies (ms) of the messages sent inside the measurement window. */
  latencies: number[];
  errors: number;
  /** The first few error descriptions, for the report. */
  samples: string[];
}

interface BotActivity {
  type: string;
  from: { role?: string };
  text?: string;
  replyToId?: string;
}

const REPLY_TIMEOUT_MS = 10_000;

/**
 * A web-chat citizen as Bot Framework Web Chat behaves: opens a session, keeps the conversation's WebSocket
 * stream open, posts each message over HTTP and waits for the bot's reply to arrive on the stream before
 * typing the next one. Latency is from sending the POST until both its 200 and the reply have arrived.
 */
export class SimulatedCitizen {
  private ws: WebSocket | undefined;
  private conversationId = '';
  private token = '';
  /** Bot texts received for each user activity id (the reply may beat the POST's answer). */
  private readonly replies = new Map<string, string[]>();
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly base: string,
    private readonly agent: http.Agent,
  ) {}

  /** Opens the session and, with `stream`, the WebSocket stream. */
  async open(stream: boolean): Promise<void> {
    const session = await this.request('POST', '/api/webchat/session', '');
    if (session.status !== 200) throw new Error(`session: HTTP ${session.status}`);
    const body = JSON.parse(session.body) as { conversationId: string; token: string };
    this.conversationId = body.conversationId;
    this.token = body.token;
    if (!stream) return;
    const url = `${this.base.replace(/^http/, 'ws')}/v3/directline/conversations/${this.conversationId}/stream?t=${encodeURIComponent(this.token)}`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { activities?: BotActivity[] };
      for (const a of frame.activities ?? []) {
        if (a.from.role !== 'bot' || !a.replyToId) continue;
        const texts = this.replies.get(a.replyToId) ?? [];
        texts.push(a.text ?? '');
        this.replies.set(a.replyToId, texts);
        this.waiting.get(a.replyToId)?.();
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }

  /** Sends one message; resolves the latency, or throws describing what went wrong. */
  async send(line: ScriptLine): Promise<number> {
    const body = JSON.stringify({
      type: 'message',
      from: { id: 'citizen' },
      text: line.text,
      locale: 'it-IT',
      ...(line.choice ? { value: { choice: line.choice } } : {}),
    });
    const t0 = performance.now();
    const res = await this.request(
      'POST',
      `/v3/directline/conversations/${this.conversationId}/activities`,
      body,
    );
    if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body.slice(0, 120)}`);
    if (!this.ws) return performance.now() - t0;
    const id = (JSON.parse(res.body) as { id: string }).id;
    // The POST answers once the replies are stored and pushed; wait for the first frame to be read as well.
    if (!this.replies.has(id)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiting.delete(id);
          reject(new Error('no reply on the stream'));
        }, REPLY_TIMEOUT_MS);
        this.waiting.set(id, () => {
          clearTimeout(timer);
          this.waiting.delete(id);
          resolve();
        });
      });
    }
    const latency = performance.now() - t0;
    // Replies of one turn are stored together, so they arrive in one frame.
    const text = (this.replies.get(id) ?? []).join('\n').toLowerCase();
    this.replies.delete(id);
    const expected = typeof line.expect === 'string' ? [line.expect] : line.expect;
    if (expected && !expected.some((e) => text.includes(e)))
      throw new Error(`unexpected reply to "${line.text}": ${text.slice(0, 100)}`);
    return latency;
  }

  /** Closes the stream. */
  close(): void {
    this.ws?.close();
  }

  private request(method: string, path: string, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.setTimeout(REPLY_TIMEOUT_MS, () => req.destroy(new Error('HTTP timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * Runs a citizen's script in a loop until `endAt` (performance.now() time), counting only the messages sent
 * from `measureFrom` on. With `intervalMs` the citizen "thinks": messages leave on average that far apart
 * (±50 %, on a schedule, so a slow reply does not lower the offered load); with 0 it types at once (saturation).
 * A failed message counts as an error and the citizen goes on with the next loop.
 */
export async function runCitizen(
  citizen: SimulatedCitizen,
  script: (loop: number) => ScriptLine[],
  measureFrom: number,
  endAt: number,
  intervalMs = 0,
): Promise<CitizenStats> {
  const stats: CitizenStats = { latencies: [], errors: 0, samples: [] };
  let due = performance.now() + Math.random() * intervalMs;
  for (let loop = 0; performance.now() < endAt; loop++) {
    for (const line of script(loop)) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      due = Math.max(due, performance.now() - intervalMs) + intervalMs * (0.5 + Math.random());
      if (performance.now() >= endAt) break;
      const sentAt = performance.now();
      try {
        const latency = await citizen.send(line);
        if (sentAt >= measureFrom) stats.latencies.push(latency);
      } catch (err) {
        if (sentAt < measureFrom) break;
        stats.errors++;
        if (stats.samples.length < 3) stats.samples.push((err as Error).message);
        // Leave whatever form the failure left open, then start the loop again from the greeting.
        await citizen.send({ text: 'annulla' }).catch(() => undefined);
        break;
      }
    }
  }
  return stats;
}
