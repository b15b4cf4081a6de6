import { SportelloError } from '../../shared/errors';

/**
 * A message could not be sent because the WhatsApp Web session is not connected (waiting for the QR scan,
 * reconnecting, or stopped). Callers record the message as not delivered.
 */
export class WhatsAppNotReadyError extends SportelloError {
  constructor(
    readonly status: string,
    options?: { cause?: unknown },
  ) {
    super('whatsapp_not_ready', `WhatsApp Web is not connected (status: ${status})`, options);
  }
}
