import type { Logger } from 'pino';
import { type BackoffOptions, backoffDelay } from './backoff';
import type { ClientFactory, ClientFactoryOptions, ClientLike, WebMessageLike } from './client';
import { pairingInstructions, qrInstructions, type Terminal, terminalQr } from './qr';

/** Where the WhatsApp Web session stands. */
export type ConnectionStatus =
  | 'stopped'
  | 'starting'
  | 'waiting-for-qr-scan'
  | 'waiting-for-pairing-code'
  | 'authenticated'
  | 'ready'
  | 'reconnecting';

/** What a {@link Connection} needs. */
export interface ConnectionOptions extends ClientFactoryOptions {
  factory: ClientFactory;
  logger: Logger;
  terminal: Terminal;
  reconnect?: BackoffOptions;
  /** Called for every incoming message of the current client. */
  onMessage(message: WebMessageLike): void;
  /** Called whenever the status, the QR or the pairing code changes. */
  onChange?(): void;
}

/**
 * The lifecycle of the WhatsApp Web session: creates a client, shows the QR (or pairing code) to link the
 * phone, and when the session drops, or the browser fails to start, creates a fresh client after an
 * exponential backoff (reset once connected). Events of a replaced client are ignored.
 */
export class Connection {
  private client: ClientLike | undefined;
  private current: ConnectionStatus = 'stopped';
  private qr: string | undefined;
  private code: string | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private printing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConnectionOptions) {}

  /** The client, when it is connected and can send. */
  get readyClient(): ClientLike | undefined {
    return this.current === 'ready' ? this.client : undefined;
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** The QR code waiting to be scanned, as text; `undefined` once linked. */
  get latestQr(): string | undefined {
    return this.qr;
  }

  /** The pairing code waiting to be typed on the phone, when linking by phone number. */
  get pairingCode(): string | undefined {
    return this.code;
  }

  /** Resolves when everything queued for the terminal has been printed. */
  printed(): Promise<void> {
    return this.printing;
  }

  /** Starts the browser in the background; progress shows in {@link status}. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the browser and cancels any pending reconnection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    this.current = 'stopped';
    this.options.onChange?.();
    await client
      ?.destroy()
      .catch((err: unknown) => this.options.logger.warn({ err }, 'whatsapp destroy failed'));
  }

  private connect(): void {
    const { logger, factory, sessionDir, chromiumPath, pairingPhoneNumber } = this.options;
    let client: ClientLike;
    try {
      client = factory({ sessionDir, chromiumPath, ...(pairingPhoneNumber ? { pairingPhoneNumber } : {}) });
    } catch (err) {
      logger.error({ err }, 'whatsapp client could not be created');
      this.scheduleReconnect();
      return;
    }
    this.client = client;
    this.current = 'starting';
    this.options.onChange?.();
    const live = () => this.client === client && !this.stopped;
    let shownQr = false;
    client.on('qr', (qr: string) => {
      if (!live()) return;
      this.qr = qr;
      this.current = 'waiting-for-qr-scan';
      this.options.onChange?.();
      // The raw payload links the account: debug logs only, the terminal gets the scannable code.
      logger.debug({ qr }, 'whatsapp qr received');
      this.print(qr, !shownQr);
      shownQr = true;
    });
    client.on('code', (code: string) => {
      if (!live()) return;
      this.code = code;
      this.current = 'waiting-for-pairing-code';
      this.options.onChange?.();
      this.options.terminal.write(pairingInstructions(code));
    });
    client.on('authenticated', () => {
      if (!live()) return;
      this.qr = undefined;
      this.code = undefined;
      this.current = 'authenticated';
      this.options.onChange?.();
      logger.info('whatsapp authenticated');
    });
    client.on('auth_failure', (message: string) => {
      if (!live()) return;
      // A corrupt or revoked session: the next client starts without it and shows a new QR.
      logger.error({ reason: message }, 'whatsapp authentication failed');
      this.scheduleReconnect();
    });
    client.on('ready', () => {
      if (!live()) return;
      this.attempt = 0;
      this.current = 'ready';
      this.options.onChange?.();
      logger.info('whatsapp ready');
    });
    client.on('disconnected', (reason: string) => {
      if (!live()) return;
      logger.warn({ reason }, 'whatsapp disconnected');
      this.scheduleReconnect();
    });
    client.on('message', (message: WebMessageLike) => {
      if (live()) this.options.onMessage(message);
    });
    client.initialize().catch((err: unknown) => {
      if (!live()) return;
      logger.error({ err }, 'whatsapp client failed to start');
      this.scheduleReconnect();
    });
  }

  /** Prints a QR's instructions in order (rendering is asynchronous); a QR that cannot be rendered is logged. */
  private print(qr: string, first: boolean): void {
    this.printing = this.printing.then(async () => {
      try {
        this.options.terminal.write(qrInstructions(await terminalQr(qr), first));
      } catch (err) {
        this.options.logger.error({ err }, 'whatsapp qr could not be rendered: use the admin console');
      }
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    this.current = 'reconnecting';
    this.options.onChange?.();
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.options.reconnect);
    this.options.logger.info({ attempt: this.attempt, delayMs: delay }, 'whatsapp reconnecting');
    const old = this.client;
    this.client = undefined;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void (async () => {
        await old?.destroy().catch(() => undefined); // whatsapp-web.js may have destroyed it already
        if (!this.stopped) this.connect();
      })();
    }, delay);
    this.timer.unref?.();
  }
}
