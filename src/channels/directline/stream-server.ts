import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { HttpError } from '../../http/http-error';
import type { DirectLineAuth } from './auth';
import { PAGE_SIZE, parseWatermark } from './conversation-store';
import type { DirectLineService } from './direct-line-service';
import { DIRECTLINE_BASE } from './routes';

const STREAM_PATH = new RegExp(`^${DIRECTLINE_BASE}/conversations/([^/]+)/stream$`);

/** Refuses an upgrade with a JSON error, as a plain HTTP response. */
function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Serves the Direct Line WebSocket streams (`…/conversations/:id/stream?t=<token>&watermark=`) on an HTTP
 * server: checks the token, sends the history after the watermark, then every new activity as
 * `{activities, watermark}` frames. Upgrades on other paths are left to other listeners.
 */
export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private closing = false;

  constructor(
    private readonly service: DirectLineService,
    private readonly auth: DirectLineAuth,
    private readonly logger: Logger,
  ) {}

  /** Handles WebSocket upgrades of the HTTP server. */
  attach(server: http.Server): void {
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) return;
      void this.upgrade(req, socket, head, decodeURIComponent(match[1] ?? ''), url.searchParams);
    });
  }

  /** Closes every stream (code 1001) and stops accepting new ones. */
  async close(): Promise<void> {
    this.closing = true;
    await this.service.hub.closeAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(
    req: http.IncomingMessage,
    socket: Duplex,
    head: Buffer,
    conversationId: string,
    params: URLSearchParams,
  ): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (this.closing) return refuse(socket, 503, 'shutting_down', 'The server is shutting down.');
    const watermark = parseWatermark(params.get('watermark') ?? undefined);
    if (watermark === undefined)
      return refuse(socket, 400, 'bad_watermark', 'watermark must be a whole number.');
    let conversation: Awaited<ReturnType<DirectLineService['conversationFor']>>;
    let from: number;
    try {
      const principal = this.auth.forConversation(params.get('t') ?? undefined, conversationId);
      conversation = await this.service.conversationFor(principal, conversationId);
      // Before the socket subscribes: whatever is stored from here on comes as history or as a live frame.
      from = await this.service.store.startFrom(conversation.id, watermark);
    } catch (err) {
      const e = err as Partial<HttpError>;
      if (typeof e.status === 'number') return refuse(socket, e.status, e.code ?? 'error', e.message ?? '');
      this.logger.error({ err }, 'web chat stream upgrade failed');
      return refuse(
        socket,
        503,
        'unavailable',
        'The service is temporarily unavailable, please retry shortly.',
      );
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Clients only send keep-alive frames; anything they send is ignored.
      ws.on('error', (err) => this.logger.debug({ err }, 'web chat stream error'));
      const hub = this.service.hub;
      const sub = hub.add(conversation.id, ws, from);
      void (async () => {
        let after = from;
        for (;;) {
          const page = await this.service.store.read(conversation.id, after);
          hub.sendHistory(sub, page);
          if (page.activities.length < PAGE_SIZE) break;
          after = Number(page.watermark);
        }
        hub.goLive(sub);
      })().catch((err) => {
        this.logger.error({ err }, 'web chat stream history failed');
        ws.close(1011, 'history unavailable');
      });
    });
  }
}
