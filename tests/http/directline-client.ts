import http from 'node:http';

/** A bot reply as a Direct Line client reads it. */
export interface BotActivity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
  attachments?: unknown[];
  suggestedActions?: unknown;
}

/** A citizen on the Direct Line API: one conversation, its token, and the watermark read so far. */
export interface DirectLineCitizen {
  conversationId: string;
  token: string;
  /** Posts any body as an activity; resolves the HTTP status and body text. */
  postRaw(body: unknown, contentType?: string): Promise<{ status: number; text: string }>;
  /** Posts a message and resolves the bot activities sent since the last call. */
  say(text: string, extra?: Record<string, unknown>): Promise<BotActivity[]>;
}

/** An HTTP answer as the helpers here read it. */
export interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One HTTP request from a given local address (`127.0.0.x` are all this machine, each a client of its own
 * for per-address limits); fetch cannot choose it.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = init.body ?? '';
    const req = http.request(
      url,
      {
        method: init.method,
        localAddress,
        agent: false,
        headers: { ...init.headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** fetch, or {@link requestFrom} when a local address is given. */
async function send(
  localAddress: string | undefined,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<Answer> {
  if (localAddress) return requestFrom(localAddress, url, init);
  const { body, ...rest } = init;
  const res = await fetch(url, body === undefined ? rest : { ...rest, body: body as BodyInit });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: res.status, text: await res.text(), headers };
}

/**
 * Opens a web chat conversation the way the public page does (`POST /api/webchat/session`), from
 * `localAddress` when given.
 */
export async function openConversation(
  url: string,
  locale = 'it-IT',
  localAddress?: string,
): Promise<DirectLineCitizen> {
  const session = await send(localAddress, `${url}/api/webchat/session`, { method: 'POST' });
  if (session.status !== 200) throw new Error(`session: ${session.status} ${session.text}`);
  const { conversationId, token } = JSON.parse(session.text) as { conversationId: string; token: string };
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  const auth = { Authorization: `Bearer ${token}` };
  let watermark = 0;
  const postRaw = async (body: unknown, contentType = 'application/json') => {
    const res = await send(localAddress, `${base}/activities`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': contentType },
      body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    return { status: res.status, text: res.text };
  };
  return {
    conversationId,
    token,
    postRaw,
    async say(text, extra = {}) {
      const posted = await postRaw({ type: 'message', text, locale, from: { id: 'citizen' }, ...extra });
      if (posted.status !== 200) throw new Error(`post: ${posted.status} ${posted.text}`);
      const res = await send(localAddress, `${base}/activities?watermark=${watermark}`, {
        method: 'GET',
        headers: auth,
      });
      const set = JSON.parse(res.text) as { activities: BotActivity[]; watermark: string };
      watermark = Number(set.watermark);
      return set.activities.filter((a) => a.from.role === 'bot');
    },
  };
}
