import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A reply button of an interactive `button` message. */
export interface GraphReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

/** A row of an interactive `list` message. */
export interface GraphListRow {
  id: string;
  title: string;
  description?: string;
}

/** The `interactive` object of a Graph API message: up to 3 reply buttons, or a list of rows in sections. */
export type GraphInteractive =
  | {
      type: 'button';
      body: { text: string };
      action: { buttons: GraphReplyButton[] };
    }
  | {
      type: 'list';
      body: { text: string };
      action: { button: string; sections: Array<{ title?: string; rows: GraphListRow[] }> };
    };

/**
 * A `POST /{version}/{phone}/messages` request body as Sportello sends it: the envelope added by
 * src/channels/whatsapp-cloud/graph-api.ts around the bodies of render.ts (text, interactive, image, document)
 * and service-window.ts (template). The fake records the parsed JSON as is: this type is what the adapter is
 * expected to send, not something the fake checks.
 */
export interface GraphMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The citizen's WhatsApp id. */
  to: string;
  type: 'text' | 'interactive' | 'image' | 'document' | 'template';
  text?: { body: string; preview_url?: boolean };
  interactive?: GraphInteractive;
  image?: { link: string; caption?: string };
  document?: { link: string; filename?: string };
  template?: {
    name: string;
    language: { code: string };
    components: Array<{ type: 'body'; parameters: Array<{ type: 'text'; text: string }> }>;
  };
}

/** A message the fake Graph API received. */
export interface GraphCall {
  path: string;
  authorization: string | undefined;
  body: GraphMessage;
}

/**
 * A local stand-in for Meta's Graph API on a random port: records every `POST /{version}/{phone}/messages`,
 * answers like Meta (`messages: [{ id }]`), serves media, and can be told to fail the next sends.
 */
export class FakeGraphApi {
  readonly sent: GraphCall[] = [];
  /** Responses to give to the next sends instead of success (status + Meta error body). */
  readonly failures: Array<{ status: number; code: number; message: string }> = [];
  readonly media = new Map<string, { contentType: string; data: Buffer }>();
  private server: Server | undefined;
  root = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, type }) => {
        res.writeHead(status, { 'content-type': type ?? 'application/json' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.root = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Only the message bodies, in order. */
  get messages(): GraphMessage[] {
    return this.sent.map((c) => c.body);
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: string | Buffer; type?: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '';
    const file = /^\/files\/(.+)$/.exec(url);
    if (req.method === 'GET' && file?.[1]) {
      const media = this.media.get(file[1]);
      if (!media) return { status: 404, body: '' };
      return { status: 200, body: media.data, type: media.contentType };
    }
    const mediaInfo = /^\/v21\.0\/(\d+)$/.exec(url);
    if (req.method === 'GET' && mediaInfo?.[1]) {
      const media = this.media.get(mediaInfo[1]);
      if (!media) return json(404, { error: { code: 100, message: 'Unsupported get request' } });
      return json(200, {
        url: `${this.root}/files/${mediaInfo[1]}`,
        mime_type: media.contentType,
        id: mediaInfo[1],
      });
    }
    if (req.method === 'POST' && /^\/v21\.0\/\d+\/messages$/.test(url)) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphMessage;
      const failure = this.failures.shift();
      if (failure) return json(failure.status, { error: { code: failure.code, message: failure.message } });
      this.sent.push({ path: url, authorization: req.headers.authorization, body });
      return json(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id: `wamid.fake${this.sent.length}` }],
      });
    }
    return json(404, { error: { code: 100, message: 'Unknown path' } });
  }
}

function json(status: number, body: unknown) {
  return { status, body: JSON.stringify(body) };
}
