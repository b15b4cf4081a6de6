import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake IO got, as IO would read it. */
export interface IoRequest {
  path: string;
  key: string | undefined;
  body: Record<string, unknown>;
  status: number;
}

/** A message IO accepted. */
export interface IoMessage {
  id: string;
  fiscal_code: string;
  subject: string;
  markdown: string;
}

const FISCAL_CODE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/**
 * The app IO API for services on a local port, with the shapes of `io-functions-services`' OpenAPI: `POST
 * /api/v1/profiles` (`{fiscal_code}` → 200 `{sender_allowed, …}` or 404), `POST /api/v1/messages` (`{fiscal_code,
 * content: {subject 10–120, markdown 80–10000}}` → 201 `{id}` with `Location`), 401 without the right
 * `Ocp-Apim-Subscription-Key`, 400 ProblemJson for an invalid payload. Tests add citizens and script failures
 * (e.g. a 429 with `Retry-After`).
 */
export class FakeIoServer {
  readonly requests: IoRequest[] = [];
  readonly messages: IoMessage[] = [];
  /** Citizens on IO: fiscal code → whether this service may write to them. */
  readonly profiles = new Map<string, boolean>();
  private readonly failures: Array<{ path: string; status: number; retryAfter?: number }> = [];
  private server: http.Server | undefined;

  constructor(readonly apiKey: string) {}

  /** The next request to `path` (`/profiles` or `/messages`) answers `status` (with `Retry-After` if given). */
  failNext(path: '/profiles' | '/messages', status: number, retryAfter?: number): void {
    this.failures.push({ path, status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** Starts listening; resolves the API base (`…/api/v1`) for `IO_API_URL`. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const path = (req.url ?? '').replace(/^\/api\/v1/, '');
    const key = req.headers['ocp-apim-subscription-key'] as string | undefined;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // an unreadable body is a 400 below
    }
    // Not chained: restify, loaded in the same process by other tests, patches writeHead.
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}): true => {
      this.requests.push({ path, key, body, status });
      res.statusCode = status;
      for (const [h, v] of Object.entries(headers)) res.setHeader(h, v);
      if (json !== undefined)
        res.setHeader('Content-Type', status >= 400 ? 'application/problem+json' : 'application/json');
      res.end(json === undefined ? undefined : JSON.stringify(json));
      return true;
    };
    const problem = (status: number, title: string, detail: string) =>
      answer(status, { status, title, detail });
    if (req.method !== 'POST' || (path !== '/profiles' && path !== '/messages')) return answer(404);
    if (key !== this.apiKey) return answer(401);
    const failure = this.failures.findIndex((f) => f.path === path);
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      if (f) {
        const headers: Record<string, string> =
          f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {};
        return f.status === 429
          ? answer(429, undefined, headers)
          : problem(f.status, 'Scripted failure', 'failNext');
      }
    }
    const fiscalCode = body.fiscal_code;
    if (typeof fiscalCode !== 'string' || !FISCAL_CODE.test(fiscalCode))
      return problem(400, 'Invalid payload', 'fiscal_code is not a valid fiscal code');
    if (path === '/profiles') {
      const allowed = this.profiles.get(fiscalCode);
      if (allowed === undefined)
        return problem(404, 'Profile not found', 'No user found for the provided fiscal code');
      return answer(200, { sender_allowed: allowed, preferred_languages: ['it_IT'] });
    }
    const content = body.content as { subject?: unknown; markdown?: unknown } | undefined;
    const subject = content?.subject;
    const markdown = content?.markdown;
    if (typeof subject !== 'string' || subject.length < 10 || subject.length > 120)
      return problem(400, 'Invalid payload', 'content.subject must be 10 to 120 characters');
    if (typeof markdown !== 'string' || markdown.length < 80 || markdown.length > 10_000)
      return problem(400, 'Invalid payload', 'content.markdown must be 80 to 10000 characters');
    const id = randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase();
    this.messages.push({ id, fiscal_code: fiscalCode, subject, markdown });
    return answer(201, { id }, { Location: `/api/v1/messages/${fiscalCode}/${id}` });
  }
}
