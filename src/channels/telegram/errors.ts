import { SportelloError } from '../../shared/errors';

/** A message could not be delivered to a Telegram chat (bot blocked, chat not found, retries exhausted). */
export class TelegramDeliveryError extends SportelloError {
  constructor(
    readonly chatId: string,
    readonly method: string,
    cause: unknown,
  ) {
    super('telegram_delivery_failed', `Telegram ${method} to chat ${chatId} failed`, { cause });
  }
}

/** The Telegram channel could not start: wrong token, unreachable API, webhook refused. */
export class TelegramStartError extends SportelloError {
  constructor(reason: string, cause?: unknown) {
    super('telegram_start_failed', `Telegram channel could not start: ${reason}`, { cause });
  }
}

/** The channel stopped while a message was still waiting in the outbound queue. */
export class TelegramStoppedError extends SportelloError {
  constructor() {
    super('telegram_stopped', 'The Telegram channel stopped before the message could be sent');
  }
}
