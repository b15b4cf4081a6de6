import { GraphApiError } from './errors';

/** Where and as whom the Graph API is called. */
export interface GraphApiOptions {
  /** API root, `https://graph.facebook.com` in production; a local fake in tests. */
  root: string;
  /** Graph API version, e.g. `v21.0`. */
  version: string;
  /** Permanent (system user) access token. */
  token: string;
  /** The business phone number id messages are sent from. */
  phoneNumberId: string;
  /** Delays before each retry of a 429/5xx/network failure (default 0.5 s and 2 s). */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/** A file downloaded from the Cloud API media store. */
export interface DownloadedMedia {
  contentType: string;
  data: Buffer;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The small part of Meta's Graph API the WhatsApp Cloud adapter uses: send a message, fetch a media file the
 * citizen sent. Failures become {@link GraphApiError} with Meta's error code; rate limits, server errors and
 * network failures are retried a couple of times first.
 */
export class GraphApi {
  private readonly retryDelays: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphApiOptions) {
    this.retryDelays = options.retryDelaysMs ?? [500, 2000];
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Sends one message object (`{ to, type, … }`) and resolves Meta's message id. */
  async sendMessage(message: Record<string, unknown>): Promise<string | undefined> {
    const url = `${this.base()}/${encodeURIComponent(this.options.phoneNumberId)}/messages`;
    const body = await this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message }),
    });
    const messages = (body as { messages?: Array<{ id?: string }> }).messages;
    return messages?.[0]?.id;
  }

  /** Downloads a media file by the id a webhook gave (two calls: its URL, then the bytes). */
  async downloadMedia(mediaId: string): Promise<DownloadedMedia> {
    const info = (await this.request(`${this.base()}/${encodeURIComponent(mediaId)}`, { method: 'GET' })) as {
      url?: string;
      mime_type?: string;
    };
    if (!info.url) throw new GraphApiError(502, undefined, `media ${mediaId} has no download URL`);
    const res = await this.fetchWithRetry(info.url, { method: 'GET' });
    if (!res.ok) throw new GraphApiError(res.status, undefined, `media ${mediaId} download failed`);
    return {
      contentType: info.mime_type ?? res.headers.get('content-type') ?? 'application/octet-stream',
      data: Buffer.from(await res.arrayBuffer()),
    };
  }

  private base(): string {
    return `${this.options.root.replace(/\/+$/, '')}/${this.options.version}`;
  }

  private async request(url: string, init: RequestInit): Promise<unknown> {
    const res = await this.fetchWithRetry(url, init);
    const text = await res.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = {};
    }
    if (res.ok) return body;
    const error = (body as { error?: { code?: number; message?: string } }).error;
    throw new GraphApiError(res.status, error?.code, error?.message ?? (res.statusText || 'request failed'));
  }

  private async fetchWithRetry(url: string, init: RequestInit): Promise<Response> {
    const headers = {
      ...(init.headers as Record<string, string>),
      authorization: `Bearer ${this.options.token}`,
    };
    for (let attempt = 0; ; attempt++) {
      const delay = this.retryDelays[attempt];
      try {
        const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(15_000) });
        if ((res.status === 429 || res.status >= 500) && delay !== undefined) {
          await res.arrayBuffer().catch(() => undefined);
          await this.sleep(delay);
          continue;
        }
        return res;
      } catch (err) {
        if (delay === undefined) throw new GraphApiError(0, undefined, 'network error', { cause: err });
        await this.sleep(delay);
      }
    }
  }
}
