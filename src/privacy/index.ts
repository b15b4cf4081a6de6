import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import type { FileStore } from '../files';
import type { Storage } from '../storage/storage';
import type { ChannelRecords } from './channel-records';
import { CitizenEraser } from './citizen-eraser';
import { erasureDialog } from './erasure-dialog';
import { RetentionSweeper } from './retention-sweeper';

export { ERASED } from './anonymize';
export type { ChannelRecords, ConversationOfChannel, RemovedRecords } from './channel-records';
export { type Citizen, CitizenEraser, type ErasureStep } from './citizen-eraser';
export { ERASE_NO, ERASE_YES } from './erasure-dialog';
export { type ErasureCounts, PRIVACY_AUDIT_STREAM, type PrivacyAuditEntry } from './privacy-audit';
export { CLOSED_TICKET_STATUSES, RetentionSweeper, type SweepResult } from './retention-sweeper';

/** What the privacy room needs from the composition root. */
export interface PrivacyOptions {
  storage: Storage;
  engine: Engine;
  logger: Logger;
  /** `RETENTION_DAYS`: personal data older than this is purged; 0 keeps it forever. */
  retentionDays: number;
  /** `RETENTION_SWEEP_MINUTES`: how often the retention job runs. */
  sweepMinutes: number;
  /** The files citizens sent: erased and swept with the rest of their data. */
  files?: FileStore;
  /** What each channel keeps about its conversations and citizens (`CHANNEL_RECORDS` for the built-in ones). */
  channels: readonly ChannelRecords[];
  now?: () => Date;
}

/** The wired privacy room. */
export interface Privacy {
  eraser: CitizenEraser;
  retention: RetentionSweeper;
  /** Starts the retention job (first sweep shortly after start-up); does nothing when retention is 0. */
  start(): void;
  /** Stops the retention job, waiting for a sweep in progress. */
  close(): Promise<void>;
}

/**
 * Creates the privacy room (GDPR): registers the erasure-on-request dialog the built-in "cancella i miei dati"
 * command starts, and prepares the `RETENTION_DAYS` job. Call {@link Privacy.start} once the app runs.
 */
export function createPrivacy(options: PrivacyOptions): Privacy {
  const { storage, engine, logger } = options;
  const now = options.now ?? (() => new Date());
  const eraser = new CitizenEraser(storage, logger, options.channels, now, options.files);
  engine.addDialog(erasureDialog(eraser));
  const retention = new RetentionSweeper({
    storage,
    logger,
    retentionDays: options.retentionDays,
    channels: options.channels,
    now,
    ...(options.files ? { files: options.files } : {}),
  });
  return {
    eraser,
    retention,
    start: () => retention.start(options.sweepMinutes),
    close: () => retention.stop(),
  };
}
