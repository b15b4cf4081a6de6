import type { Logger } from 'pino';
import type { ChannelCapabilities, OutboundChannel } from '../../engine/channel';
import type { Engine } from '../../engine/engine';
import type { ConversationRef, Lang, OutboundReply } from '../../engine/types';
import type { Storage } from '../../storage/storage';
import { InboundRunner } from '../inbound-runner';
import type { BackoffOptions } from './backoff';
import { type ClientFactory, type WebMessageLike, whatsappWebClientFactory } from './client';
import { Connection, type ConnectionStatus } from './connection';
import { WhatsAppNotReadyError } from './errors';
import { isIgnored, toInbound, WEB_CHANNEL } from './inbound';
import { MenuMemory } from './menu-memory';
import { Pacer, type PacerOptions } from './pacer';
import type { Terminal } from './qr';
import { renderWebReply } from './render';
import { StatusRecorder } from './status-store';

export type { ClientFactory, ClientLike, WebMessageLike } from './client';
export type { ConnectionStatus } from './connection';
export { WhatsAppNotReadyError } from './errors';
export { WEB_CHANNEL } from './inbound';
export { readWhatsAppWebStatus, WHATSAPP_WEB_STATUS, type WhatsAppWebStatus } from './status-store';

/** What the whatsapp-web.js adapter needs. */
export interface WhatsAppWebOptions {
  engine: Engine;
  storage: Storage;
  logger: Logger;
  /** `WHATSAPP_SESSION_DIR`: where `LocalAuth` keeps the linked session. */
  sessionDir: string;
  /** `CHROMIUM_PATH`: the system Chromium. */
  chromiumPath: string;
  /** Creates the whatsapp-web.js client; tests pass a double. */
  clientFactory?: ClientFactory;
  /** `WHATSAPP_PAIRING_NUMBER`: link with a pairing code instead of a QR. */
  pairingPhoneNumber?: string;
  /** Outbound pacing (default 1 s per chat, 250 ms overall). */
  pacing?: PacerOptions;
  /** Reconnection backoff (default 2 s doubling up to 5 min). */
  reconnect?: BackoffOptions;
  /** Language of texts when the conversation has none yet (default `it`). */
  defaultLang?: Lang;
  now?: () => Date;
  /** Where the QR instructions go (default the process's stdout). */
  terminal?: Terminal;
}

/** The whatsapp-web.js adapter as the composition root sees it. */
export interface WhatsAppWebChannel {
  /** Sends replies and proactive messages; throws {@link WhatsAppNotReadyError} while not connected. */
  channel: OutboundChannel;
  /** Launches the browser in the background and resolves at once; {@link status} tells the progress. */
  start(): Promise<void>;
  /** Closes the browser after the messages being answered are done. */
  stop(): Promise<void>;
  /** The QR code to scan, as text, for the admin console; `undefined` once linked. */
  latestQr(): string | undefined;
  /** The pairing code to type on the phone, when linking by phone number. */
  pairingCode(): string | undefined;
  /** `stopped`, `starting`, `waiting-for-qr-scan`, `waiting-for-pairing-code`, `authenticated`, `ready` or `reconnecting`. */
  status(): ConnectionStatus;
  /**
   * Resolves when every message received so far has been answered, and the QR instructions and status
   * changes so far are printed and recorded (tests, graceful shutdown).
   */
  drain(): Promise<void>;
}

const CAPABILITIES: ChannelCapabilities = { buttons: false, markup: 'whatsapp' };

/**
 * Creates the WhatsApp adapter over whatsapp-web.js (WhatsApp Web driven by the system Chromium), meant for
 * pilots: a normal phone number linked by QR code, choices as numbered text menus answered by number or by
 * text, locations and files passed on to forms, reconnection with backoff, and paced outbound messages.
 * For production the WhatsApp Business Cloud API adapter is the supported route.
 */
export function createWhatsAppWebChannel(options: WhatsAppWebOptions): WhatsAppWebChannel {
  const { engine, storage, logger } = options;
  const now = options.now ?? (() => new Date());
  const defaultLang = options.defaultLang ?? 'it';
  const menus = new MenuMemory(storage);
  const pacer = new Pacer(options.pacing);
  // The session runs on the lock holder only: its status and QR go to storage for every instance's console.
  const recorder = new StatusRecorder(storage, logger, now);

  const connection = new Connection({
    factory: options.clientFactory ?? whatsappWebClientFactory,
    sessionDir: options.sessionDir,
    chromiumPath: options.chromiumPath,
    ...(options.pairingPhoneNumber ? { pairingPhoneNumber: options.pairingPhoneNumber } : {}),
    logger,
    terminal: options.terminal ?? process.stdout,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    onMessage: receive,
    onChange: () =>
      recorder.record(
        connection.status,
        connection.status === 'waiting-for-qr-scan' ? connection.latestQr : undefined,
        connection.status === 'waiting-for-pairing-code' ? connection.pairingCode : undefined,
      ),
  });

  const channel: OutboundChannel = {
    name: WEB_CHANNEL,
    capabilities: CAPABILITIES,
    async send(ref: ConversationRef, replies: readonly OutboundReply[]): Promise<void> {
      if (!connection.readyClient) throw new WhatsAppNotReadyError(connection.status);
      const lang = (await engine.getState(ref))?.lang ?? defaultLang;
      const chatId = ref.conversationId;
      for (const text of replies.flatMap((reply) => renderWebReply(reply, lang))) {
        await pacer.run(chatId, async () => {
          // The session may have dropped while this message waited its turn.
          const client = connection.readyClient;
          if (!client) throw new WhatsAppNotReadyError(connection.status);
          await client.sendMessage(chatId, text, { linkPreview: false });
        });
      }
      await menus.remember(ref, replies, now());
    },
  };

  const runner = new InboundRunner({
    channel: WEB_CHANNEL,
    logger,
    engine,
    defaultLang,
    send: (ref, replies) => channel.send(ref, replies),
    unreachable: (err) => err instanceof WhatsAppNotReadyError,
  });

  async function answer(message: WebMessageLike): Promise<void> {
    const inbound = await toInbound(message, logger);
    if (inbound.value === undefined) {
      const choice = await menus.match(inbound.ref, inbound.text);
      if (choice) inbound.value = choice.value;
    }
    const replies = await engine.handle(inbound);
    if (replies.length) await channel.send(inbound.ref, replies);
  }

  function receive(message: WebMessageLike): void {
    if (isIgnored(message)) return;
    const ref = { channel: WEB_CHANNEL, conversationId: message.from, userId: message.from };
    runner.submit(ref, () => answer(message), { messageId: message.id._serialized });
  }

  async function drain(): Promise<void> {
    await runner.drain();
    await connection.printed();
    await recorder.idle();
  }

  return {
    channel,
    async start() {
      connection.start();
    },
    async stop() {
      await drain();
      await connection.stop();
      await recorder.idle();
    },
    latestQr: () => connection.latestQr,
    pairingCode: () => connection.pairingCode,
    status: () => connection.status,
    drain,
  };
}
