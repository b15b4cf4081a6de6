import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody, rateLimitBody } from './fake-embedding-errors';
import { FakeEmbeddingModel } from './fake-embedding-model';

/** A failure the fake server plays instead of answering. */
export type Fault =
  /** An error status with the provider's own error body (400, 401, 404, 500, 503…). */
  | { kind: 'status'; status: number }
  /** 429 with `Retry-After: seconds`. */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** Answers, but only after `ms`. */
  | { kind: 'slow'; ms: number }
  /** Never answers (until the client gives up or the server closes). */
  | { kind: 'hang' }
  /** Drops the connection without an answer. */
  | { kind: 'drop' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with vectors one dimension longer than usual. */
  | { kind: 'wrong-dims' }
  /** 200 with one vector fewer than inputs. */
  | { kind: 'wrong-count' };

/** Which API a request used. */
export type FakeApi = 'openai' | 'ollama';

/** One request the fake server got. */
export interface EmbeddingRequest {
  api: FakeApi;
  model: string;
  inputs: string[];
  /** What the server did: `ok`, or the fault's kind / the status it answered. */
  outcome: string;
  /** The client closed the connection before the server answered (a timeout's abort). */
  abandoned: boolean;
  /** The server sent its answer. */
  answered: boolean;
}

/** Options of {@link FakeEmbeddingServer}. */
export interface FakeEmbeddingOptions {
  /** Vector length (default 384). */
  dims?: number;
  /** Models the server has (default `bge-m3`, `multilingual-e5`, `text-embedding-3-small`). */
  models?: string[];
  /** When set, the OpenAI route wants `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** More than `requests` within `perMs` get a 429 with Retry-After. */
  rateLimit?: { requests: number; perMs: number };
  /** Added to every answer, as a real model's computing time (default 0). */
  delayMs?: number;
  /** Word families that mean the same, as a model would know: each word's 5-letter stem → a shared token. */
  synonyms?: ReadonlyArray<readonly string[]>;
}

/**
 * A local embedding server for tests and benchmarks, speaking both OpenAI's `POST /v1/embeddings` and
 * Ollama's `POST /api/embed` with their published request, answer and error shapes. Its "model" is
 * deterministic: a hashed bag of words cut to 5-letter stems (accents and common words dropped), with a small
 * synonym table so that a paraphrase lands near its entry. Faults (error statuses with the provider's error
 * body, 429 with Retry-After, slow or missing answers, dropped connections, malformed or wrong-sized vectors)
 * are queued with {@link fail} or set for every request with {@link failAlways}; a rate limit is optional.
 */
export class FakeEmbeddingServer {
  readonly requests: EmbeddingRequest[] = [];
  /** The server's own computing time per answered request (ms), artificial delay excluded. */
  readonly computeMs: number[] = [];
  private readonly server: http.Server;
  private readonly faults: Fault[] = [];
  private always: Fault | undefined;
  private readonly recent: number[] = [];
  private readonly model: FakeEmbeddingModel;
  private readonly models: Set<string>;
  private readonly sockets = new Set<import('node:net').Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private base = '';

  constructor(private readonly options: FakeEmbeddingOptions = {}) {
    this.model = new FakeEmbeddingModel(options.dims ?? 384, options.synonyms ?? []);
    this.models = new Set(options.models ?? ['bge-m3', 'multilingual-e5', 'text-embedding-3-small']);
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Starts on a free local port; resolves the server (its {@link url}). */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The server's root: Ollama's base URL. */
  get url(): string {
    return this.base;
  }

  /** The OpenAI-compatible API base (`…/v1`). */
  get openaiUrl(): string {
    return `${this.base}/v1`;
  }

  /** Queues faults: the next requests get them, one each, in order. */
  fail(...faults: Fault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** Every request gets this fault until called again with undefined. */
  failAlways(fault: Fault | undefined): this {
    this.always = fault;
    return this;
  }

  /** Texts embedded so far (every input of every answered request). */
  get embeddedTexts(): string[] {
    return this.requests.filter((r) => r.outcome === 'ok' && r.answered).flatMap((r) => r.inputs);
  }

  /** The fake model's vector of a text (unit length). */
  vector(text: string): number[] {
    return this.model.vector(text);
  }

  /** Stops, dropping any connection still open (hanging requests included). */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const api: FakeApi | undefined =
        req.method === 'POST' && req.url === '/v1/embeddings'
          ? 'openai'
          : req.method === 'POST' && req.url === '/api/embed'
            ? 'ollama'
            : undefined;
      if (!api) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
        return;
      }
      let body: { model?: unknown; input?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        this.error(
          res,
          api,
          400,
          api === 'openai'
            ? 'We could not parse the JSON body of your request.'
            : 'invalid character in request body',
        );
        return;
      }
      const inputs = typeof body.input === 'string' ? [body.input] : body.input;
      const record: EmbeddingRequest = {
        api,
        model: String(body.model ?? ''),
        inputs: Array.isArray(inputs) ? inputs.map(String) : [],
        outcome: 'ok',
        abandoned: false,
        answered: false,
      };
      this.requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) record.abandoned = true;
      });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        if (res.destroyed) return;
        record.answered = true;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      const fault = this.faults.shift() ?? this.always;
      if (fault) record.outcome = fault.kind === 'status' ? String(fault.status) : fault.kind;
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') return this.error(res, api, fault.status, undefined, record);
      if (fault?.kind === 'rate-limit') return this.rateLimited(res, api, fault.retryAfterSeconds, record);
      if (this.options.rateLimit && !this.allow()) {
        record.outcome = 'rate-limit';
        return this.rateLimited(res, api, Math.ceil(this.options.rateLimit.perMs / 1000), record);
      }
      if (
        api === 'openai' &&
        this.options.apiKey &&
        req.headers.authorization !== `Bearer ${this.options.apiKey}`
      ) {
        record.outcome = '401';
        return this.error(res, api, 401, undefined, record);
      }
      if (!this.models.has(record.model)) {
        record.outcome = '404';
        return this.error(res, api, 404, undefined, record);
      }
      if (
        !Array.isArray(inputs) ||
        inputs.length === 0 ||
        inputs.some((x) => typeof x !== 'string' || x === '')
      ) {
        record.outcome = '400';
        return this.error(res, api, 400, undefined, record);
      }
      const started = performance.now();
      let vectors = record.inputs.map((t) => this.vector(t));
      this.computeMs.push(performance.now() - started);
      if (fault?.kind === 'wrong-dims') vectors = vectors.map((v) => [...v, 0]);
      if (fault?.kind === 'wrong-count') vectors = vectors.slice(1);
      const tokens = record.inputs.reduce((n, t) => n + t.split(/\s+/).length, 0);
      const payload =
        fault?.kind === 'malformed'
          ? '{"data": [{"embedding": [0.1, 0.2'
          : api === 'openai'
            ? {
                object: 'list',
                data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })),
                model: record.model,
                usage: { prompt_tokens: tokens, total_tokens: tokens },
              }
            : {
                model: record.model,
                embeddings: vectors,
                total_duration: 14_143_917,
                load_duration: 1_019_500,
                prompt_eval_count: tokens,
              };
      const delay = (fault?.kind === 'slow' ? fault.ms : 0) + (this.options.delayMs ?? 0);
      if (delay <= 0) return send(200, payload);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send(200, payload);
      }, delay);
      this.timers.add(timer);
    });
  }

  private allow(): boolean {
    const { requests, perMs } = this.options.rateLimit as { requests: number; perMs: number };
    const now = Date.now();
    while (this.recent.length && (this.recent[0] as number) <= now - perMs) this.recent.shift();
    if (this.recent.length >= requests) return false;
    this.recent.push(now);
    return true;
  }

  private rateLimited(
    res: http.ServerResponse,
    api: FakeApi,
    seconds: number,
    record: EmbeddingRequest,
  ): void {
    record.answered = true;
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(seconds) });
    res.end(JSON.stringify(rateLimitBody(api)));
  }

  private error(
    res: http.ServerResponse,
    api: FakeApi,
    status: number,
    message?: string,
    record?: EmbeddingRequest,
  ): void {
    if (record) record.answered = true;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(errorBody(api, status, record?.model ?? '', message)));
  }
}
