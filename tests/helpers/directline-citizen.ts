/** One Direct Line activity as the tests read it. */
export interface ChatActivity {
  id?: string;
  type: string;
  from: { role?: string };
  text?: string;
  replyToId?: string;
}

/** The steps of the `segnalazione` form up to its summary: `[text, choice?]` as a web-chat citizen sends them. */
export const SEGNALAZIONE_TO_SUMMARY: ReadonlyArray<readonly [string, string?]> = [
  ['Segnala un problema', 'service:segnalazione'],
  ['Strade e marciapiedi (buche)', 'strade'],
  ['No', 'no'],
  ['Via Roma 12, davanti alla farmacia'],
  ['Salta', 'form:skip'],
  ['Una buca profonda sulla carreggiata, pericolosa per le bici'],
  ['No', 'no'],
];

/** The confirmation button of a form's summary. */
export const CONFIRM: readonly [string, string] = ['Conferma e invia', 'form:confirm'];

/**
 * A web-chat citizen talking to a running Sportello over its Direct Line API (fetch, no SDK), for tests that
 * restart or break the server under it. `base` may change after a restart: the token stays valid.
 */
export class DirectLineCitizen {
  token = '';
  conversationId = '';
  private watermark = '';

  constructor(public base: string) {}

  /** Opens a conversation the way the public web chat page does. */
  async start(): Promise<void> {
    const res = await fetch(`${this.base}/api/webchat/session`, { method: 'POST' });
    if (res.status !== 200) throw new Error(`session: HTTP ${res.status}`);
    const body = (await res.json()) as { token: string; conversationId: string };
    this.token = body.token;
    this.conversationId = body.conversationId;
  }

  /** Posts a message (or a pressed choice) and resolves the HTTP status and JSON body, without reading replies. */
  async post(text: string, choice?: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.base}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        from: { id: 'citizen' },
        text,
        locale: 'it-IT',
        ...(choice ? { value: { choice } } : {}),
      }),
    });
    const raw = await res.text();
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // not JSON: kept as text so the test can show it
    }
    return { status: res.status, body };
  }

  /** Sends a message and resolves the bot's texts that followed it; throws unless the POST answers 200. */
  async say(text: string, choice?: string): Promise<string> {
    const { status, body } = await this.post(text, choice);
    if (status !== 200) throw new Error(`POST activities: HTTP ${status} ${JSON.stringify(body)}`);
    return this.newBotText();
  }

  /** The bot texts after the last read watermark. */
  async newBotText(): Promise<string> {
    const { activities, watermark } = await this.activities(this.watermark);
    this.watermark = watermark;
    return activities
      .filter((a) => a.from.role === 'bot')
      .map((a) => a.text ?? '')
      .join('\n');
  }

  /** Every activity of the conversation (first page of 200), citizen's and bot's. */
  async history(): Promise<ChatActivity[]> {
    return (await this.activities('')).activities;
  }

  private async activities(watermark: string): Promise<{ activities: ChatActivity[]; watermark: string }> {
    const url = `${this.base}/v3/directline/conversations/${this.conversationId}/activities?watermark=${watermark}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`GET activities: HTTP ${res.status}`);
    return (await res.json()) as { activities: ChatActivity[]; watermark: string };
  }
}
