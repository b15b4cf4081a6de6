import type WAWebJS from 'whatsapp-web.js';

/** Media a message carries once downloaded, as whatsapp-web.js gives it (base64). */
export interface WebMedia {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/**
 * The part of a whatsapp-web.js `Message` the adapter reads. Real messages have it; tests replay recorded
 * payloads of the same shape.
 */
export interface WebMessageLike {
  id: { _serialized: string };
  from: string;
  fromMe?: boolean;
  /** Text, or the caption of a media message. For a location it is a thumbnail: not text. */
  body: string;
  type: string;
  /** Unix seconds. */
  timestamp: number;
  isStatus?: boolean;
  broadcast?: boolean;
  hasMedia?: boolean;
  location?: {
    latitude: string | number;
    longitude: string | number;
    name?: string;
    address?: string;
    description?: string;
  };
  selectedButtonId?: string;
  selectedRowId?: string;
  /** Raw WhatsApp Web data; `notifyName` is the citizen's display name. */
  _data?: { notifyName?: string };
  downloadMedia?(): Promise<WebMedia | undefined>;
}

/**
 * The part of a whatsapp-web.js `Client` the adapter uses, so tests can inject a double that emits recorded
 * messages. Events: `qr`, `code`, `authenticated`, `auth_failure`, `ready`, `disconnected`, `message`.
 */
export interface ClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors the EventEmitter signature of whatsapp-web.js
  on(event: string, listener: (...args: any[]) => void): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string, options?: { linkPreview?: boolean }): Promise<unknown>;
}

/** What a client factory is told. */
export interface ClientFactoryOptions {
  /** Where `LocalAuth` keeps the linked-device session (under `./data`). */
  sessionDir: string;
  /** The system Chromium (Puppeteer's own download is disabled). */
  chromiumPath: string;
  /** Link with an 8-character pairing code sent to this number (international, digits only) instead of a QR. */
  pairingPhoneNumber?: string;
}

/** Creates a fresh client; called again for every reconnection. */
export type ClientFactory = (options: ClientFactoryOptions) => ClientLike;

/**
 * The production client factory: whatsapp-web.js driving the system Chromium headless, with the session kept
 * by `LocalAuth` in `sessionDir` so a restart does not need a new QR scan. The library is loaded on first use,
 * so processes without WhatsApp never load Puppeteer.
 */
export const whatsappWebClientFactory: ClientFactory = ({ sessionDir, chromiumPath, pairingPhoneNumber }) => {
  const { Client, LocalAuth } = require('whatsapp-web.js') as typeof WAWebJS;
  const client: ClientLike = new Client({
    authStrategy: new LocalAuth({ clientId: 'sportello', dataPath: sessionDir }),
    puppeteer: {
      headless: true,
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    ...(pairingPhoneNumber ? { pairWithPhoneNumber: { phoneNumber: pairingPhoneNumber } } : {}),
  });
  return client;
};
