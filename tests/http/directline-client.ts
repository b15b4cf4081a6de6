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

/** Opens a web chat conversation the way the public page does (`POST /api/webchat/session`). */
export async function openConversation(url: string, locale = 'it-IT'): Promise<DirectLineCitizen> {
  const session = await fetch(`${url}/api/webchat/session`, { method: 'POST' });
  if (session.status !== 200) throw new Error(`session: ${session.status} ${await session.text()}`);
  const { conversationId, token } = (await session.json()) as { conversationId: string; token: string };
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  const auth = { Authorization: `Bearer ${token}` };
  let watermark = 0;
  const postRaw = async (body: unknown, contentType = 'application/json') => {
    const res = await fetch(`${base}/activities`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': contentType },
      body:
        typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  return {
    conversationId,
    token,
    postRaw,
    async say(text, extra = {}) {
      const posted = await postRaw({ type: 'message', text, locale, from: { id: 'citizen' }, ...extra });
      if (posted.status !== 200) throw new Error(`post: ${posted.status} ${posted.text}`);
      const res = await fetch(`${base}/activities?watermark=${watermark}`, { headers: auth });
      const set = (await res.json()) as { activities: BotActivity[]; watermark: string };
      watermark = Number(set.watermark);
      return set.activities.filter((a) => a.from.role === 'bot');
    },
  };
}
