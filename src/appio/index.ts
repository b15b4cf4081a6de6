import type { Logger } from 'pino';
import type { Storage } from '../storage/storage';
import { IoClient } from './io-client';
import { IoSender } from './io-sender';
import { pacer } from './pacer';

/** Creates the app IO sender (`IO_API_URL`, `IO_API_KEY`), paced at `perSecond` requests. */
export function createIoSender(options: {
  storage: Storage;
  logger: Logger;
  city: string;
  baseUrl: string;
  apiKey: string;
  perSecond: number;
  baseDelayMs?: number;
  pollMs?: number;
}): IoSender {
  const client = new IoClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    pace: pacer(options.perSecond),
  });
  return new IoSender({
    storage: options.storage,
    logger: options.logger,
    client,
    city: options.city,
    ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
}

export { IoClient } from './io-client';
export {
  IO_NOTICES,
  IO_OPT_OUTS,
  type IoNotice,
  type IoNoticeKind,
  type IoNoticeState,
  noticeContent,
  reminderContent,
} from './io-notice';
export { IoSender } from './io-sender';
export { ioOptOutSkill } from './opt-out-skill';
