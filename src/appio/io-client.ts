import { z } from 'zod';
import { SportelloError } from '../shared/errors';
import { answerFailure, networkFailure, type PlatformCallResult } from '../shared/platform-call';

/** What one call to IO came to, as the sender needs it. */
export type IoCallResult<T> = PlatformCallResult<T>;

/** IO answered something that is not its documented shape. */
export class IoResponseError extends SportelloError {
  constructor(what: string, cause: unknown) {
    super('io_response', `IO answered an unexpected ${what}`, { cause });
  }
}

const profileSchema = z.object({ sender_allowed: z.boolean() });
const createdSchema = z.object({ id: z.string().min(1) });

/** Settings of the {@link IoClient}. */
export interface IoClientOptions {
  /** `IO_API_URL`, the API base with `/api/v1`. */
  baseUrl: string;
  /** `IO_API_KEY`, sent as `Ocp-Apim-Subscription-Key`. */
  apiKey: string;
  timeoutMs?: number;
  /** Waits before each request, to stay under IO's per-key rate limit. */
  pace?: () => Promise<void>;
}

/**
 * The two calls of IO's API for services (`io-functions-services` OpenAPI) Sportello makes: the profile check
 * (`POST /profiles` with `fiscal_code` → `sender_allowed`, 404 for no profile) and the message
 * (`POST /messages` with `fiscal_code` and `content: {subject, markdown}` → 201 `{id}`).
 */
export class IoClient {
  constructor(private readonly options: IoClientOptions) {}

  /** Whether the citizen may get messages from this service: `'no_profile'` when they are not on IO. */
  async senderAllowed(fiscalCode: string): Promise<IoCallResult<boolean | 'no_profile'>> {
    const res = await this.post('/profiles', { fiscal_code: fiscalCode });
    if (!res.ok) return res.status === 404 ? { ok: true, value: 'no_profile' } : res.result;
    const parsed = profileSchema.safeParse(res.body);
    if (!parsed.success) throw new IoResponseError('profile', parsed.error);
    return { ok: true, value: parsed.data.sender_allowed };
  }

  /** Sends a message; resolves IO's id of it. */
  async submitMessage(
    fiscalCode: string,
    content: { subject: string; markdown: string },
  ): Promise<IoCallResult<string>> {
    const res = await this.post('/messages', { fiscal_code: fiscalCode, content });
    if (!res.ok) return res.result;
    const parsed = createdSchema.safeParse(res.body);
    if (!parsed.success) throw new IoResponseError('message creation', parsed.error);
    return { ok: true, value: parsed.data.id };
  }

  private async post(
    path: string,
    body: unknown,
  ): Promise<{ ok: true; body: unknown } | { ok: false; status: number; result: IoCallResult<never> }> {
    await this.options.pace?.();
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Ocp-Apim-Subscription-Key': this.options.apiKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return { ok: false, status: 0, result: networkFailure(err) };
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) {
      try {
        return { ok: true, body: JSON.parse(text) };
      } catch (err) {
        throw new IoResponseError(`body on ${path}`, err);
      }
    }
    return { ok: false, status: res.status, result: answerFailure(res, text) };
  }
}
