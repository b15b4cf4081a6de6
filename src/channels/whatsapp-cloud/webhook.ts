import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { InboundMessage } from '../../engine/types';
import { HttpError } from '../../http/http-error';
import type { RequestWithBody } from '../../http/request-body';
import { parseBody, route } from '../../http/server';
import { readWebhook } from './inbound';
import { verifySignature } from './signature';
import { webhookSchema } from './webhook-schema';

/** Path of the webhook Meta calls (set as callback URL `https://<public host>/whatsapp/webhook`). */
export const WEBHOOK_PATH = '/whatsapp/webhook';

/** What the webhook routes need. */
export interface WebhookRouteOptions {
  logger: Logger;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  /** Takes the verified messages; must not wait for them to be answered. */
  receive(messages: readonly InboundMessage[]): void;
}

function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Registers the Cloud API webhook: `GET` answers Meta's verification handshake (echoes `hub.challenge` when
 * `hub.verify_token` matches), `POST` checks `X-Hub-Signature-256` against the raw body, then hands the
 * messages over and answers 200 at once (Meta retries slow or failed deliveries).
 */
export function webhookRoutes(server: Server, options: WebhookRouteOptions): void {
  const { logger } = options;

  server.get(
    WEBHOOK_PATH,
    route(logger, async (req, res) => {
      const mode = queryString(req, 'hub.mode');
      const token = queryString(req, 'hub.verify_token');
      const challenge = queryString(req, 'hub.challenge');
      if (mode !== 'subscribe' || !challenge)
        throw new HttpError(400, 'bad_request', 'Expected hub.mode=subscribe with hub.challenge');
      if (token !== options.verifyToken) {
        logger.warn('whatsapp-cloud webhook verification with a wrong verify token');
        throw new HttpError(403, 'forbidden', 'Verify token does not match');
      }
      sendText(res, challenge);
    }),
  );

  server.post(
    WEBHOOK_PATH,
    route(logger, async (req, res) => {
      const raw = (req as RequestWithBody).rawBody;
      const header = req.header('x-hub-signature-256');
      if (!header) throw new HttpError(401, 'signature_missing', 'X-Hub-Signature-256 header is required');
      if (raw === undefined || !verifySignature(raw, header, options.appSecret)) {
        logger.warn('whatsapp-cloud webhook with an invalid signature rejected');
        throw new HttpError(403, 'signature_invalid', 'X-Hub-Signature-256 does not match the body');
      }
      let body: unknown = req.body;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        try {
          body = JSON.parse(body.toString());
        } catch {
          throw new HttpError(400, 'bad_request', 'Body is not JSON');
        }
      }
      const payload = parseBody(webhookSchema, body);
      const content = readWebhook(payload, options.phoneNumberId);
      for (const reason of content.skipped) logger.warn({ reason }, 'whatsapp-cloud webhook entry skipped');
      for (const failed of content.failedStatuses)
        logger.warn(failed, 'whatsapp-cloud message delivery failed');
      options.receive(content.messages);
      res.send(200, { received: content.messages.length });
    }),
  );
}

function sendText(res: Response, text: string): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
