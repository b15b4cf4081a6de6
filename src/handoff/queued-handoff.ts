import pino from 'pino';
import type { Storage } from '../storage/storage';
import { HandoffService } from './handoff-service';

export { HANDOFF_QUEUE, type HandoffVars } from './handoff-case';

/**
 * The handoff room without channels or office hours: requests are queued and the citizen told their
 * position, but nothing is sent proactively. For engine tests; the app uses `createHandoff()`.
 */
export class QueuedHandoff extends HandoffService {
  constructor(storage: Storage) {
    super({ storage, logger: pino({ level: 'silent' }) });
  }
}
