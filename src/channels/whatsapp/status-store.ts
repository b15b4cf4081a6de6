import type { Logger } from 'pino';
import { z } from 'zod';
import { VersionConflictError } from '../../storage/errors';
import type { Storage } from '../../storage/storage';
import type { ConnectionStatus } from './connection';

/** Storage collection of the WhatsApp Web session's status, shared by every instance. */
export const WHATSAPP_WEB_STATUS = 'whatsapp-web-status';
const KEY = 'current';

const STATUSES = [
  'stopped',
  'starting',
  'waiting-for-qr-scan',
  'waiting-for-pairing-code',
  'authenticated',
  'ready',
  'reconnecting',
] as const satisfies readonly ConnectionStatus[];

const recordSchema = z.object({
  status: z.enum(STATUSES),
  qr: z.string().min(1).max(2000).optional(),
  pairingCode: z.string().min(1).max(32).optional(),
  updatedAt: z.iso.datetime(),
});

/**
 * The WhatsApp Web session's status as the lock holder last recorded it: the status, the QR code waiting to
 * be scanned (raw text), or the pairing code, and when it was written.
 */
export type WhatsAppWebStatus = z.infer<typeof recordSchema>;

/**
 * Reads the WhatsApp Web status recorded in storage by whichever instance runs the session, so every
 * instance's console can show the QR; `undefined` when nothing (valid) was ever recorded.
 */
export async function readWhatsAppWebStatus(storage: Storage): Promise<WhatsAppWebStatus | undefined> {
  const parsed = recordSchema.safeParse(await storage.get(WHATSAPP_WEB_STATUS, KEY));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Writes the session's status to storage in the order the changes happened (one write at a time, the latest
 * wins). Only the lock holder writes, except `stopped`: it is written only if nobody else has written since
 * this instance's last write, so a leader stepping down never hides the status of the one taking over.
 */
export class StatusRecorder {
  private chain: Promise<void> = Promise.resolve();
  private version: number | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Queues a write of the current status. */
  record(status: ConnectionStatus, qr: string | undefined, pairingCode: string | undefined): void {
    const value: WhatsAppWebStatus = {
      status,
      ...(qr ? { qr } : {}),
      ...(pairingCode ? { pairingCode } : {}),
      updatedAt: this.now().toISOString(),
    };
    this.chain = this.chain.then(() => this.write(value));
  }

  /** Resolves when every queued write is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async write(value: WhatsAppWebStatus): Promise<void> {
    try {
      if (value.status !== 'stopped') {
        this.version = await this.storage.put(WHATSAPP_WEB_STATUS, KEY, value);
      } else if (this.version !== undefined) {
        this.version = await this.storage.put(WHATSAPP_WEB_STATUS, KEY, value, {
          expectVersion: this.version,
        });
      }
    } catch (err) {
      if (err instanceof VersionConflictError) return; // another instance holds the session now
      this.logger.warn({ err }, 'whatsapp status could not be recorded');
    }
  }
}
