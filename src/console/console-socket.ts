import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Engine, TurnListener } from '../engine/engine';
import type { EventBus } from '../events/event-bus';
import { LocalEventBus } from '../events/local-event-bus';
import { CaseNotFoundError, NotCaseOwnerError } from '../handoff/errors';
import { handoffVars } from '../handoff/handoff-case';
import type { HandoffChange, HandoffService } from '../handoff/handoff-service';
import type { ConsoleAuth } from './console-auth';
import type { Session } from './sessions';

/** Path of the console's WebSocket. */
export const CONSOLE_WS_PATH = '/console/ws';

/** Bus topic of live console events (queue changes, transcript lines), relayed by every instance. */
export const CONSOLE_EVENT_TOPIC = 'console.event';
/** Bus topic of logouts, so every instance closes that operator's sockets. */
export const CONSOLE_LOGOUT_TOPIC = 'console.logout';

const consoleEvent = z.object({ type: z.enum(['queue', 'entries']) }).passthrough();
const logoutEvent = z.object({ username: z.string() });

const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    caseId: z.string().regex(/^\d{1,12}$/),
    text: z.string().trim().min(1).max(4000),
  }),
  z.object({ type: z.literal('ping') }),
]);

interface Client {
  ws: WebSocket;
  session: Session;
  token: string;
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${http_status(status)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function http_status(status: number): string {
  return status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Error';
}

/**
 * The console's live channel: pushes queue changes and every new transcript line of open cases to logged-in
 * operators, and takes operators' chat messages. Authenticated by the session cookie with an Origin check
 * (so another site cannot open it with the operator's cookie); only upgrades on `/console/ws` are touched.
 * Live events go through the event bus, so an operator connected to any instance sees what happens on all.
 */
export class ConsoleSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly bus: EventBus;
  private readonly unsubscribe: Array<() => void>;
  private readonly onChange = (change: HandoffChange) =>
    void this.bus.publish(CONSOLE_EVENT_TOPIC, { type: 'queue', change });

  constructor(
    private readonly auth: ConsoleAuth,
    private readonly handoff: HandoffService,
    engine: Engine,
    private readonly logger: Logger,
    bus?: EventBus,
  ) {
    this.bus = bus ?? new LocalEventBus(logger);
    engine.onTurn(this.onTurn);
    handoff.events.on('change', this.onChange);
    this.unsubscribe = [
      this.bus.subscribe(CONSOLE_EVENT_TOPIC, (payload) => {
        const event = consoleEvent.safeParse(payload);
        if (event.success) this.broadcast(event.data);
      }),
      this.bus.subscribe(CONSOLE_LOGOUT_TOPIC, (payload) => {
        const event = logoutEvent.safeParse(payload);
        if (event.success) this.closeSocketsOf(event.data.username);
      }),
    ];
  }

  /** Serves `/console/ws` upgrades of the HTTP server; other paths are left to their owners. */
  attach(server: http.Server): void {
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== CONSOLE_WS_PATH) return;
      socket.on('error', () => socket.destroy());
      void this.upgrade(req, socket, head).catch((err) => {
        this.logger.error({ err }, 'console socket upgrade failed');
        socket.destroy();
      });
    });
  }

  /** Closes the sockets of a user (after logout), on every instance. */
  disconnect(username: string): void {
    this.closeSocketsOf(username);
    void this.bus.publish(CONSOLE_LOGOUT_TOPIC, { username });
  }

  private closeSocketsOf(username: string): void {
    for (const c of this.clients) if (c.session.username === username) c.ws.close(4001, 'logged out');
  }

  /** Closes every socket. */
  async close(): Promise<void> {
    this.handoff.events.off('change', this.onChange);
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    for (const c of this.clients) c.ws.close(1001, 'server closing');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!req.headers.origin || !this.auth.originAllowed(req))
      return refuse(socket, 403, 'bad_origin', 'Cross-site WebSocket refused.');
    const auth = await this.auth.session(req);
    if (!auth) return refuse(socket, 401, 'unauthenticated', 'Please log in to the operator console.');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, ...auth };
      this.clients.add(client);
      ws.on('close', () => this.clients.delete(client));
      ws.on('error', () => ws.terminate());
      ws.on('message', (data) => void this.receive(client, String(data)));
      this.send(client, { type: 'hello', user: auth.session.username });
    });
  }

  private async receive(client: Client, raw: string): Promise<void> {
    // A session ended by logout or expiry stops being served at once.
    const session = await this.auth.sessions.get(client.token);
    if (!session) {
      client.ws.close(4001, 'session expired');
      return;
    }
    let parsed: z.infer<typeof clientMessage>;
    try {
      parsed = clientMessage.parse(JSON.parse(raw));
    } catch {
      this.send(client, { type: 'error', code: 'bad_message', message: 'Unrecognised message.' });
      return;
    }
    if (parsed.type === 'ping') {
      this.send(client, { type: 'pong' });
      return;
    }
    try {
      await this.handoff.sendMessage(
        parsed.caseId,
        { username: session.username, name: session.name },
        parsed.text,
      );
    } catch (err) {
      if (err instanceof CaseNotFoundError || err instanceof NotCaseOwnerError) {
        this.send(client, { type: 'error', code: err.code, message: err.message, caseId: parsed.caseId });
        return;
      }
      this.logger.error({ err, caseId: parsed.caseId }, 'operator message failed');
      this.send(client, {
        type: 'error',
        code: 'send_failed',
        message: 'The message could not be delivered.',
      });
    }
  }

  private readonly onTurn: TurnListener = ({ state, inbound, replies }) => {
    const caseId = handoffVars(state.vars)?.caseId;
    if (!caseId) return;
    const at = new Date().toISOString();
    const entries = [
      ...(inbound
        ? [
            {
              dir: 'in',
              at,
              text: inbound.text,
              ...(inbound.value !== undefined ? { value: inbound.value } : {}),
            },
          ]
        : []),
      ...replies.map((r) => ({
        dir: 'out',
        at,
        reply: r.reply,
        ...(r.meta ? { meta: r.meta } : {}),
        ...(inbound ? {} : { proactive: true }),
      })),
    ];
    void this.bus.publish(CONSOLE_EVENT_TOPIC, { type: 'entries', caseId, entries });
  };

  private broadcast(event: unknown): void {
    for (const c of this.clients) this.send(c, event);
  }

  private send(client: Client, event: unknown): void {
    if (client.ws.readyState === WebSocket.OPEN) client.ws.send(JSON.stringify(event));
  }
}
