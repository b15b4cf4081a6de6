import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake got. */
export interface GpdRequest {
  method: string;
  path: string;
  key: string | undefined;
  /** The caller's `X-Request-Id`. */
  requestId: string | undefined;
  body: Record<string, unknown> | undefined;
  status: number;
}

/** A debt position the fake GPD holds, as its `PaymentPositionModel` came in plus the status GPD keeps. */
export interface FakePosition {
  organizationFiscalCode: string;
  body: Record<string, unknown>;
  status: 'VALID' | 'PAID' | 'EXPIRED' | 'INVALID';
  paymentDate?: string;
}

const GPD = '/gpd/debt-positions-service/v1';
const CHECKOUT = '/checkout/ec/v1';

/**
 * pagoPA's GPD debt positions service and Checkout's carts on a local port, with the shapes of `pagopa-api`'s
 * `openapi/gpd.yaml` and `openapi/checkout.yaml`: `POST {GPD}/organizations/{org}/debtpositions?toPublish=true`
 * (201 with the position, VALID; 400 ProblemJson for missing required fields or amounts that do not add up;
 * 409 for a duplicate IUPD or IUV; 401 without the right `Ocp-Apim-Subscription-Key`), `GET …/debtpositions/{iupd}`
 * (status, `paymentOption[].nav`; 404), `POST …/debtpositions/{iupd}/invalidate` (VALID → INVALID; 409
 * otherwise), and `POST {CHECKOUT}/carts` (302 to the Checkout page). Tests mark a
 * position paid and script failures (a 429 with `Retry-After`, a 5xx, a 400).
 */
export class FakeGpdServer {
  readonly requests: GpdRequest[] = [];
  /** Positions by IUPD. */
  readonly positions = new Map<string, FakePosition>();
  /** Carts made, by id. */
  readonly carts = new Map<string, Record<string, unknown>>();
  private readonly failures: Array<{ method: string; status: number; retryAfter?: number }> = [];
  private server: http.Server | undefined;
  private base = '';

  constructor(readonly apiKey: string) {}

  /** The next debt-position request with `method` answers `status` (with `Retry-After` if given). */
  failNext(method: 'POST' | 'GET', status: number, retryAfter?: number): void {
    this.failures.push({ method, status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** The citizen paid: the position becomes PAID, as GPD reports it once the receipt arrived. */
  markPaid(iupd: string): void {
    const position = this.positions.get(iupd);
    if (!position) throw new Error(`no position ${iupd}`);
    position.status = 'PAID';
    position.paymentDate = new Date().toISOString();
  }

  /** Starts listening; resolves the GPD base for `PAGOPA_GPD_URL` and the Checkout base for `PAGOPA_CHECKOUT_URL`. */
  async start(): Promise<{ gpdUrl: string; checkoutUrl: string }> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return { gpdUrl: `${this.base}${GPD}`, checkoutUrl: `${this.base}${CHECKOUT}` };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const key = req.headers['ocp-apim-subscription-key'] as string | undefined;
    const requestId = req.headers['x-request-id'] as string | undefined;
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    // Not chained: restify, loaded in the same process by other tests, patches writeHead.
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}): true => {
      this.requests.push({ method, path, key, requestId, body, status });
      if (requestId) res.setHeader('X-Request-Id', requestId);
      res.statusCode = status;
      for (const [h, v] of Object.entries(headers)) res.setHeader(h, v);
      if (json !== undefined) res.setHeader('Content-Type', 'application/json');
      res.end(json === undefined ? undefined : JSON.stringify(json));
      return true;
    };
    const problem = (status: number, title: string, detail: string) =>
      answer(status, { status, title, detail });

    if (path === `${CHECKOUT}/carts` && method === 'POST') {
      const notices = body?.paymentNotices as Array<Record<string, unknown>> | undefined;
      const returns = body?.returnUrls as Record<string, unknown> | undefined;
      const valid =
        Array.isArray(notices) &&
        notices.length >= 1 &&
        notices.length <= 5 &&
        notices.every(
          (n) =>
            typeof n.noticeNumber === 'string' &&
            n.noticeNumber.length === 18 &&
            typeof n.fiscalCode === 'string' &&
            n.fiscalCode.length === 11 &&
            Number.isInteger(n.amount) &&
            (n.amount as number) >= 1 &&
            typeof n.companyName === 'string' &&
            typeof n.description === 'string',
        ) &&
        typeof returns?.returnOkUrl === 'string' &&
        typeof returns.returnCancelUrl === 'string' &&
        typeof returns.returnErrorUrl === 'string';
      if (!valid) return problem(400, 'Bad Request', 'invalid cart');
      const id = randomUUID();
      this.carts.set(id, body ?? {});
      return answer(302, undefined, { Location: `${this.base}/checkout/${id}` });
    }

    const m = new RegExp(`^${GPD}/organizations/([^/]+)/debtpositions(?:/([^/]+))?(/invalidate)?$`).exec(
      path,
    );
    if (!m) return answer(404);
    if (key !== this.apiKey) return answer(401);
    const failure = this.failures.findIndex((f) => f.method === method);
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      if (f) {
        const headers: Record<string, string> =
          f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {};
        return f.status === 429
          ? answer(
              429,
              { status: 429, title: 'Too Many Requests', detail: 'Rate limit is exceeded' },
              headers,
            )
          : problem(f.status, f.status >= 500 ? 'Service unavailable' : 'Bad Request', 'scripted failure');
      }
    }
    const org = decodeURIComponent(m[1] ?? '');
    const iupd = m[2] ? decodeURIComponent(m[2]) : undefined;

    if (m[3]) {
      const position = iupd ? this.positions.get(iupd) : undefined;
      if (method !== 'POST') return answer(405);
      if (!iupd || !position || position.organizationFiscalCode !== org)
        return problem(404, 'Not found', `No debt position found with IUPD ${iupd}`);
      if (position.status !== 'VALID')
        return problem(409, 'Conflict', `Debt position with IUPD ${iupd} is not in invalidable state`);
      position.status = 'INVALID';
      return answer(200, position.body);
    }
    if (method === 'GET' && iupd) {
      const position = this.positions.get(iupd);
      if (!position || position.organizationFiscalCode !== org)
        return problem(404, 'Not found', `No debt position found with IUPD ${iupd}`);
      return answer(200, this.view(iupd, position));
    }
    if (method !== 'POST' || iupd) return answer(405);
    if (url.searchParams.get('toPublish') !== 'true')
      return problem(400, 'Bad Request', 'this fake only takes positions published at creation');
    const invalid = validatePosition(body);
    if (invalid) return problem(400, 'Bad Request', invalid);
    const position = body as Record<string, unknown> & {
      iupd: string;
      paymentOption: Array<{ iuv: string }>;
    };
    const iuvs = new Set(
      [...this.positions.values()].flatMap((p) =>
        (p.body.paymentOption as Array<{ iuv: string }>).map((o) => o.iuv),
      ),
    );
    if (this.positions.has(position.iupd) || position.paymentOption.some((o) => iuvs.has(o.iuv)))
      return problem(409, 'Conflict', `Debt Position with IUPD ${position.iupd} or its IUV already exists`);
    this.positions.set(position.iupd, { organizationFiscalCode: org, body: position, status: 'VALID' });
    return answer(201, this.view(position.iupd, this.positions.get(position.iupd) as FakePosition));
  }

  /** The position as GPD answers it (`PaymentPositionModelBaseResponse`). */
  private view(iupd: string, p: FakePosition): Record<string, unknown> {
    const options = p.body.paymentOption as Array<Record<string, unknown>>;
    return {
      iupd,
      organizationFiscalCode: p.organizationFiscalCode,
      type: p.body.type,
      companyName: p.body.companyName,
      status: p.status,
      ...(p.paymentDate ? { paymentDate: p.paymentDate } : {}),
      paymentOption: options.map((o) => ({
        ...o,
        nav: `3${String(o.iuv)}`,
        organizationFiscalCode: p.organizationFiscalCode,
        status: p.status === 'PAID' ? 'PO_PAID' : 'PO_UNPAID',
      })),
    };
  }
}

/** What GPD's validation would refuse in a `PaymentPositionModel`, or undefined. */
function validatePosition(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return 'the body is not JSON';
  for (const field of ['iupd', 'type', 'fiscalCode', 'fullName', 'companyName'] as const)
    if (typeof body[field] !== 'string' || body[field] === '') return `${field} is required`;
  if (typeof body.switchToExpired !== 'boolean') return 'switchToExpired is required';
  if (body.type !== 'F' && body.type !== 'G') return 'type must be F or G';
  const options = body.paymentOption;
  if (!Array.isArray(options) || options.length === 0) return 'paymentOption is required';
  for (const o of options as Array<Record<string, unknown>>) {
    if (typeof o.iuv !== 'string' || !/^[0-9]{17}$/.test(o.iuv)) return 'paymentOption.iuv must be 17 digits';
    if (!Number.isInteger(o.amount) || (o.amount as number) <= 0) return 'paymentOption.amount must be cents';
    if (typeof o.isPartialPayment !== 'boolean') return 'paymentOption.isPartialPayment is required';
    if (typeof o.dueDate !== 'string' || Number.isNaN(Date.parse(o.dueDate)))
      return 'paymentOption.dueDate is required';
    const transfers = o.transfer as Array<Record<string, unknown>> | undefined;
    if (!Array.isArray(transfers) || transfers.length === 0) return 'transfer is required';
    let sum = 0;
    for (const t of transfers) {
      if (!['1', '2', '3', '4', '5'].includes(String(t.idTransfer)))
        return 'transfer.idTransfer must be 1 to 5';
      if (!Number.isInteger(t.amount)) return 'transfer.amount must be cents';
      if (typeof t.remittanceInformation !== 'string' || typeof t.category !== 'string')
        return 'transfer.remittanceInformation and category are required';
      if (typeof t.iban !== 'string') return 'transfer.iban is required';
      sum += t.amount as number;
    }
    if (sum !== o.amount) return 'the sum of the transfers must equal the payment option amount';
  }
  return undefined;
}
