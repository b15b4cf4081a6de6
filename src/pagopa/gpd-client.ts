import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SportelloError } from '../shared/errors';
import {
  answerFailure,
  networkFailure,
  type PlatformCallFailure,
  type PlatformCallResult,
} from '../shared/platform-call';

/** What one call to pagoPA came to, as the payer needs it. */
export type PagoPaCallResult<T> = PlatformCallResult<T>;

/** pagoPA answered something that is not its documented shape. */
export class PagoPaResponseError extends SportelloError {
  constructor(what: string, cause: unknown) {
    super('pagopa_response', `pagoPA answered an unexpected ${what}`, { cause });
  }
}

/** GPD's statuses of a debt position (`PaymentPositionModelBaseResponse.status`). */
export const POSITION_STATUSES = [
  'DRAFT',
  'PUBLISHED',
  'VALID',
  'INVALID',
  'EXPIRED',
  'PARTIALLY_PAID',
  'PAID',
  'REPORTED',
] as const;

const positionSchema = z.object({
  iupd: z.string(),
  status: z.enum(POSITION_STATUSES),
  paymentOption: z
    .array(z.object({ iuv: z.string(), nav: z.string().optional(), status: z.string().optional() }))
    .default([]),
});
const cartSchema = z.object({ checkoutUrl: z.string().url() });

/** The parts of a debt position Sportello reads. */
export type DebtPosition = z.infer<typeof positionSchema>;

/** A debt position as GPD's `PaymentPositionModel` takes it: one payment option with one transfer. */
export interface NewDebtPosition {
  iupd: string;
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  companyName: string;
  switchToExpired: boolean;
  paymentOption: Array<{
    iuv: string;
    amount: number;
    description: string;
    isPartialPayment: false;
    dueDate: string;
    transfer: Array<{
      idTransfer: '1';
      amount: number;
      organizationFiscalCode: string;
      remittanceInformation: string;
      category: string;
      iban: string;
    }>;
  }>;
}

/** Settings of the {@link GpdClient}. */
export interface GpdClientOptions {
  /** `PAGOPA_GPD_URL`, the debt positions service base (…/gpd/debt-positions-service/v1). */
  baseUrl: string;
  /** `PAGOPA_API_KEY`, sent as `Ocp-Apim-Subscription-Key`. */
  apiKey: string;
  /** `PAGOPA_ORG_FISCAL_CODE`, the comune's fiscal code (the creditor). */
  orgFiscalCode: string;
  /** `PAGOPA_CHECKOUT_URL`, pagoPA Checkout's API for creditors (…/checkout/ec/v1). */
  checkoutUrl: string;
  /** Prefix of the `X-Request-Id` of each call (GPD echoes it), naming this instance for tracing. */
  requestIdPrefix?: string;
  timeoutMs?: number;
}

/**
 * The calls to pagoPA Sportello makes, with the shapes of `pagopa-api`'s OpenAPI: create a published debt
 * position (`POST /organizations/{org}/debtpositions?toPublish=true` → 201, 409 for a duplicate IUPD or IUV),
 * read it (`GET …/debtpositions/{iupd}` → `status`, 404), withdraw it (`POST …/{iupd}/invalidate`), and a Checkout cart for its notice
 * (`POST /carts` → 302 with the Checkout page in `Location`).
 */
export class GpdClient {
  constructor(private readonly options: GpdClientOptions) {}

  /** Creates and publishes a debt position. */
  async createPosition(position: NewDebtPosition): Promise<PagoPaCallResult<DebtPosition>> {
    const res = await this.call(`${this.positionsUrl()}?toPublish=true`, 'POST', position);
    return res.ok ? { ok: true, value: parsePosition(res.body) } : res.result;
  }

  /** Reads a debt position by IUPD. */
  async getPosition(iupd: string): Promise<PagoPaCallResult<DebtPosition>> {
    const res = await this.call(`${this.positionsUrl()}/${encodeURIComponent(iupd)}`, 'GET');
    return res.ok ? { ok: true, value: parsePosition(res.body) } : res.result;
  }

  /** Withdraws a debt position so it can no longer be paid (409 when it is not invalidable, e.g. paid). */
  async invalidatePosition(iupd: string): Promise<PagoPaCallResult<true>> {
    const res = await this.call(`${this.positionsUrl()}/${encodeURIComponent(iupd)}/invalidate`, 'POST');
    return res.ok ? { ok: true, value: true } : res.result;
  }

  /** A Checkout page paying one notice; resolves its URL. */
  async checkoutLink(
    notice: { noticeNumber: string; amount: number; companyName: string; description: string },
    returnUrl: string,
  ): Promise<PagoPaCallResult<string>> {
    const body = {
      paymentNotices: [{ ...notice, fiscalCode: this.options.orgFiscalCode }],
      returnUrls: { returnOkUrl: returnUrl, returnCancelUrl: returnUrl, returnErrorUrl: returnUrl },
    };
    const res = await this.call(`${trim(this.options.checkoutUrl)}/carts`, 'POST', body, false);
    if (!res.ok) return res.result;
    // The spec answers 302 with the page in Location; its CartResponse schema (a 200 with checkoutUrl) too.
    const cart = cartSchema.safeParse(res.body);
    const link = res.location ?? (cart.success ? cart.data.checkoutUrl : undefined);
    if (!link) throw new PagoPaResponseError('cart without Location', undefined);
    return { ok: true, value: link };
  }

  private positionsUrl(): string {
    return `${trim(this.options.baseUrl)}/organizations/${encodeURIComponent(this.options.orgFiscalCode)}/debtpositions`;
  }

  private async call(
    url: string,
    method: 'GET' | 'POST',
    body?: unknown,
    withKey = true,
  ): Promise<
    | { ok: true; body: unknown; location?: string }
    | { ok: false; status: number; result: PlatformCallFailure }
  > {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(withKey ? { 'Ocp-Apim-Subscription-Key': this.options.apiKey } : {}),
          'X-Request-Id': `${this.options.requestIdPrefix ?? 'sportello'}-${randomUUID()}`,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      return { ok: false, status: 0, result: networkFailure(err) };
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 400) {
      const location = res.headers.get('location') ?? undefined;
      if (res.status >= 300) return { ok: true, body: undefined, ...(location ? { location } : {}) };
      try {
        return { ok: true, body: text ? JSON.parse(text) : undefined };
      } catch (err) {
        throw new PagoPaResponseError(`body from ${method} ${url}`, err);
      }
    }
    return { ok: false, status: res.status, result: answerFailure(res, text) };
  }
}

function parsePosition(body: unknown): DebtPosition {
  const parsed = positionSchema.safeParse(body);
  if (!parsed.success) throw new PagoPaResponseError('debt position', parsed.error);
  return parsed.data;
}

function trim(url: string): string {
  return url.replace(/\/+$/, '');
}
