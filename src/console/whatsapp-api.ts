import type { Logger } from 'pino';
import QRCode from 'qrcode';
import type { Server } from 'restify';
import { route } from '../http/server';
import { type ConsoleAuth, sendJson } from './console-auth';

/** The WhatsApp Web session's status as recorded by the instance running it. */
export interface WhatsAppStatusRecord {
  status: string;
  /** The raw QR payload, while a scan is awaited. */
  qr?: string;
  pairingCode?: string;
  updatedAt: string;
}

/** Where the console reads the WhatsApp Web status from (storage, so any instance can answer). */
export interface WhatsAppStatusSource {
  /** `WHATSAPP_ENABLED`. */
  enabled: boolean;
  read(): Promise<WhatsAppStatusRecord | undefined>;
}

/** What the WhatsApp console API needs. */
export interface WhatsAppApiDeps {
  auth: ConsoleAuth;
  logger: Logger;
  /** Absent when the process has no WhatsApp Web adapter at all. */
  whatsApp?: WhatsAppStatusSource;
  now?: () => Date;
}

/**
 * How long a recorded QR stays worth showing: WhatsApp replaces it every 20–60 s, so an older one means the
 * instance running the session stopped refreshing it (it died, or gave up) and scanning it would fail.
 */
export const QR_MAX_AGE_MS = 90_000;

/**
 * The admin-only WhatsApp API: `GET /api/console/whatsapp` answers `{ enabled, status, qrSvg?, qrExpired?,
 * pairingCode?, updatedAt }`, with the QR to scan as SVG markup rendered here from the recorded payload.
 */
export function registerWhatsAppApi(server: Server, deps: WhatsAppApiDeps): void {
  const { auth, logger } = deps;
  const now = deps.now ?? (() => new Date());
  server.get(
    '/api/console/whatsapp',
    route(logger, async (req, res) => {
      await auth.require(req, 'admin');
      if (!deps.whatsApp?.enabled) {
        sendJson(res, 200, { enabled: false, status: 'stopped', updatedAt: null });
        return;
      }
      const record = await deps.whatsApp.read();
      if (!record) {
        sendJson(res, 200, { enabled: true, status: 'stopped', updatedAt: null });
        return;
      }
      const waiting = record.status === 'waiting-for-qr-scan' && record.qr !== undefined;
      const fresh = now().getTime() - Date.parse(record.updatedAt) <= QR_MAX_AGE_MS;
      sendJson(res, 200, {
        enabled: true,
        status: record.status,
        ...(waiting && fresh ? { qrSvg: await qrSvg(record.qr ?? '') } : {}),
        ...(waiting && !fresh ? { qrExpired: true } : {}),
        ...(record.status === 'waiting-for-pairing-code' && record.pairingCode
          ? { pairingCode: record.pairingCode }
          : {}),
        updatedAt: record.updatedAt,
      });
    }),
  );
}

/** The QR as standalone SVG markup, sized for the page (a quiet zone of 2 modules keeps it scannable). */
function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', margin: 2, width: 264 });
}
