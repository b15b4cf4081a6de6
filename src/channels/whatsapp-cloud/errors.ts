import { SportelloError } from '../../shared/errors';

/**
 * A message could not be sent because the citizen's 24-hour customer service window is closed and no template
 * message is configured (`WHATSAPP_CLOUD_TEMPLATE`). Callers record the message as not delivered.
 */
export class OutsideServiceWindowError extends SportelloError {
  constructor(
    readonly to: string,
    /** When the citizen last wrote, if known. */
    readonly lastInboundAt: Date | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      'outside_service_window',
      `WhatsApp 24-hour window closed for ${to} (last inbound: ${lastInboundAt?.toISOString() ?? 'never'}) and no template is configured`,
      options,
    );
  }
}

/** The Graph API refused a request; carries Meta's error code and the HTTP status. */
export class GraphApiError extends SportelloError {
  constructor(
    readonly status: number,
    /** Meta's numeric error code (e.g. 131047 "re-engagement message"), when the body had one. */
    readonly graphCode: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('graph_api_error', `Graph API ${status}${graphCode ? ` (${graphCode})` : ''}: ${message}`, options);
  }
}
