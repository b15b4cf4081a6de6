import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { ChannelCapabilities, OutboundChannel } from '../../engine/channel';
import type { Engine } from '../../engine/engine';
import type { ConversationRef, InboundMessage, Lang, OutboundReply } from '../../engine/types';
import type { Storage } from '../../storage/storage';
import { InboundRunner } from '../inbound-runner';
import { renderMarkdown } from '../render/markdown';
import { MenuMemory } from '../whatsapp/menu-memory';
import { GraphApiError, OutsideServiceWindowError } from './errors';
import { type DownloadedMedia, GraphApi } from './graph-api';
import { CLOUD_CHANNEL } from './inbound';
import { renderCloudReply } from './render';
import { type CloudTemplate, SERVICE_WINDOW_MS, ServiceWindow, templateMessage } from './service-window';
import { webhookRoutes } from './webhook';

export { GraphApiError, OutsideServiceWindowError } from './errors';
export { CLOUD_CHANNEL } from './inbound';

/** What the WhatsApp Cloud API adapter needs; the secrets come from `WHATSAPP_CLOUD_*` variables. */
export interface WhatsAppCloudOptions {
  engine: Engine;
  storage: Storage;
  logger: Logger;
  /** `WHATSAPP_CLOUD_TOKEN`: a permanent system-user access token. */
  token: string;
  /** `WHATSAPP_CLOUD_PHONE_NUMBER_ID`: the business number messages are sent from. */
  phoneNumberId: string;
  /** `WHATSAPP_CLOUD_APP_SECRET`: checks the webhook's `X-Hub-Signature-256`. */
  appSecret: string;
  /** `WHATSAPP_CLOUD_VERIFY_TOKEN`: the token typed in Meta's webhook settings. */
  verifyToken: string;
  /** `WHATSAPP_CLOUD_API_ROOT` (default `https://graph.facebook.com`). */
  apiRoot?: string;
  /** Graph API version (default `v21.0`). */
  apiVersion?: string;
  /** Template for messages outside the 24-hour window (`WHATSAPP_CLOUD_TEMPLATE`, `…_TEMPLATE_LANG`). */
  template?: CloudTemplate;
  /** Language of texts when the conversation has none yet (default `it`). */
  defaultLang?: Lang;
  now?: () => Date;
  /** Delays before retrying a failed Graph API call (default 0.5 s, 2 s). */
  retryDelaysMs?: readonly number[];
}

/** The WhatsApp Cloud API adapter as the composition root sees it. */
export interface WhatsAppCloudChannel {
  /** Sends replies and proactive messages; throws {@link OutsideServiceWindowError} when it may not. */
  channel: OutboundChannel;
  /** Adds `GET /whatsapp/webhook` (verification) and `POST /whatsapp/webhook` (notifications). */
  registerRoutes(server: Server): void;
  /** Downloads a file a citizen sent, by the `fileId` of its attachment. */
  downloadMedia(fileId: string): Promise<DownloadedMedia>;
  /** Resolves when every message received so far has been answered (tests, graceful shutdown). */
  drain(): Promise<void>;
}

const CAPABILITIES: ChannelCapabilities = { buttons: true, markup: 'whatsapp' };
// Meta's error code for a free-form message sent after the 24-hour window closed.
const REENGAGEMENT_REQUIRED = 131047;

/**
 * Creates the WhatsApp Business Cloud API adapter, the officially supported route for production: Meta calls
 * the webhook with citizens' messages (signature checked, answered in the background so Meta gets its 200 at
 * once, redeliveries answered once), replies go out through the Graph API with reply buttons and lists, and
 * the 24-hour customer service window is respected (template message outside it, or a named error).
 */
export function createWhatsAppCloudChannel(options: WhatsAppCloudOptions): WhatsAppCloudChannel {
  const { engine, storage, logger } = options;
  const now = options.now ?? (() => new Date());
  const defaultLang = options.defaultLang ?? 'it';
  const graph = new GraphApi({
    root: options.apiRoot ?? 'https://graph.facebook.com',
    version: options.apiVersion ?? 'v21.0',
    token: options.token,
    phoneNumberId: options.phoneNumberId,
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  const window = new ServiceWindow(storage, now);
  const menus = new MenuMemory(storage);

  async function sendTemplate(to: string, replies: readonly OutboundReply[]): Promise<void> {
    if (!options.template) throw new OutsideServiceWindowError(to, await window.lastInbound(to));
    const text = replies
      .map((r) => (r.format === 'plain' ? r.text : renderMarkdown(r.text, 'whatsapp')))
      .filter(Boolean)
      .join(' ');
    await graph.sendMessage({ to, ...templateMessage(options.template, text) });
  }

  /**
   * Sends replies free-form when the citizen's window is open (`open`, or as recorded), otherwise as the
   * template.
   */
  async function deliver(
    ref: ConversationRef,
    replies: readonly OutboundReply[],
    open: boolean,
  ): Promise<void> {
    const to = ref.conversationId;
    if (!open && !(await window.isOpen(to))) {
      await sendTemplate(to, replies);
      return;
    }
    const lang = (await engine.getState(ref))?.lang ?? defaultLang;
    for (const [i, reply] of replies.entries()) {
      for (const body of renderCloudReply(reply, lang)) {
        try {
          await graph.sendMessage({ to, ...body });
        } catch (err) {
          // Our record said the window was open but Meta says it closed: fall back like outside the window.
          if (!(err instanceof GraphApiError) || err.graphCode !== REENGAGEMENT_REQUIRED) throw err;
          if (!options.template)
            throw new OutsideServiceWindowError(to, await window.lastInbound(to), { cause: err });
          await sendTemplate(to, replies.slice(i));
          return;
        }
      }
    }
    await menus.remember(ref, replies, now());
  }

  const channel: OutboundChannel = {
    name: CLOUD_CHANNEL,
    capabilities: CAPABILITIES,
    send: (ref, replies) => deliver(ref, replies, false),
  };

  const runner = new InboundRunner({
    channel: CLOUD_CHANNEL,
    logger,
    engine,
    defaultLang,
    send: (ref, replies) => channel.send(ref, replies),
  });

  async function answer(message: InboundMessage): Promise<void> {
    const { ref } = message;
    await window.touch(ref.conversationId, message.timestamp);
    if (message.value === undefined) {
      const choice = await menus.match(ref, message.text);
      if (choice) message.value = choice.value;
    }
    const replies = await engine.handle(message);
    // The citizen has just written, so the window is open whatever the turn did to its record (an erasure
    // removes it); unless Meta delivered the message late.
    const open = now().getTime() - message.timestamp.getTime() < SERVICE_WINDOW_MS;
    if (replies.length) await deliver(ref, replies, open);
  }

  function receive(messages: readonly InboundMessage[]): void {
    for (const message of messages)
      runner.submit(message.ref, () => answer(message), { messageId: message.id });
  }

  return {
    channel,
    registerRoutes(server) {
      webhookRoutes(server, { ...options, logger, receive });
    },
    downloadMedia: (fileId) => graph.downloadMedia(fileId),
    drain: () => runner.drain(),
  };
}
