import type http from 'node:http';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { OutboundChannel } from '../../engine/channel';
import type { Engine } from '../../engine/engine';
import type { EventBus } from '../../events/event-bus';
import type { FileStore } from '../../files';
import type { Storage } from '../../storage/storage';
import type { CitizenSignInPort } from '../channel-module';
import { DirectLineAuth } from './auth';
import { type ConversationLimitSettings, ConversationLimits } from './conversation-limits';
import { ConversationStore } from './conversation-store';
import { DirectLineService } from './direct-line-service';
import { registerDirectLineRoutes } from './routes';
import { StreamHub } from './stream-hub';
import { StreamServer } from './stream-server';
import { loadSigningKey, TokenService } from './token-service';
import { webChatChannel } from './webchat-channel';

export type { CitizenSignInPort } from '../channel-module';
export { WEBCHAT_CHANNEL } from './activity-mapper';
export { DIRECTLINE_BASE } from './routes';

/** What {@link createDirectLine} needs. */
export interface DirectLineOptions {
  storage: Storage;
  engine: Engine;
  logger: Logger;
  /** `DIRECTLINE_SECRET`: enables `tokens/generate` and server-side access; also the token signing key. */
  secret?: string;
  /** Lifetime of conversation tokens. */
  tokenTtlSeconds: number;
  /** Shares new-activity events between instances (PostgreSQL); without it streams are process-local. */
  bus?: EventBus;
  /** Limits on new conversations from the public page (the composition root passes the configured ones). */
  newConversations?: ConversationLimitSettings;
  /** Told of each new conversation refused by a limit (metrics). */
  onNewConversationRefused?: (scope: 'address' | 'global') => void;
  /** Take the client's address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy?: boolean;
  /** Where files citizens upload are kept; without it Web Chat's upload is not offered. */
  files?: FileStore;
  /** Verifies the identity assertions of citizens signed in on the comune's portal (`citizenToken`). */
  citizenSignIn?: CitizenSignInPort;
  now?: () => Date;
}

/** The self-hosted Direct Line 3.0 channel, ready to be wired into the HTTP server and the engine. */
export interface DirectLine {
  /** Adds the `/v3/directline/*` endpoints (with the upload, given a file store) and `POST /api/webchat/session`. */
  registerRoutes(server: Server): void;
  /** Serves the WebSocket streams on the HTTP server (upgrade handling, `ws` in noServer mode). */
  attach(httpServer: http.Server): void;
  /** The `webchat` outbound channel for proactive messages; give it to `engine.addChannel`. */
  channel: OutboundChannel;
  /** Closes every open stream cleanly (code 1001). */
  close(): Promise<void>;
}

/**
 * Creates the Direct Line channel: a Direct Line 3.0-compatible API (tokens, conversations, activities with
 * watermarks, WebSocket streams) backed by storage, so the official Web Chat client and `botframework-directlinejs`
 * talk to Sportello with no Azure in between.
 */
export async function createDirectLine(options: DirectLineOptions): Promise<DirectLine> {
  const now = options.now ?? (() => new Date());
  const key = await loadSigningKey(options.storage, options.secret);
  const tokens = new TokenService(key, options.tokenTtlSeconds, now);
  const auth = new DirectLineAuth(tokens, options.secret);
  const store = new ConversationStore(options.storage, now);
  const hub = new StreamHub({
    read: (conversationId, after) => store.read(conversationId, after),
    logger: options.logger,
    ...(options.bus ? { bus: options.bus } : {}),
  });
  const service = new DirectLineService(store, hub, options.engine, options.logger, now);
  const streams = new StreamServer(service, auth, options.logger);
  return {
    registerRoutes: (server) =>
      registerDirectLineRoutes(server, {
        service,
        auth,
        tokens,
        secret: options.secret,
        logger: options.logger,
        ...(options.newConversations
          ? { newConversations: new ConversationLimits(options.newConversations) }
          : {}),
        ...(options.trustProxy ? { trustProxy: true } : {}),
        ...(options.files ? { files: options.files } : {}),
        ...(options.citizenSignIn ? { citizenSignIn: options.citizenSignIn } : {}),
        ...(options.onNewConversationRefused
          ? { onNewConversationRefused: options.onNewConversationRefused }
          : {}),
      }),
    attach: (httpServer) => streams.attach(httpServer),
    channel: webChatChannel(service),
    close: () => streams.close(),
  };
}
