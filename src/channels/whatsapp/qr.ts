import QRCode from 'qrcode';

/** Where the link-the-phone instructions are printed (the process's terminal by default). */
export interface Terminal {
  write(text: string): unknown;
}

/** Renders a QR payload as a block-character QR code a phone can scan from the terminal. */
export function terminalQr(qr: string): Promise<string> {
  return QRCode.toString(qr, { type: 'terminal', small: true });
}

/**
 * The instructions printed when WhatsApp Web asks to link the city hall's phone, around the scannable QR
 * (`block`, from {@link terminalQr}). The same QR is shown to admins in the console's WhatsApp page. Linking
 * with a pairing code (`WHATSAPP_PAIRING_NUMBER`) needs no QR at all.
 */
export function qrInstructions(block: string, first: boolean): string {
  if (!first) return `[whatsapp] QR code refreshed (the previous one expired):\n${block}\n`;
  return [
    '',
    '[whatsapp] Link the city hall’s WhatsApp number to Sportello:',
    '  1. On the phone: WhatsApp → Settings → Linked devices → Link a device.',
    '  2. Scan this QR code (or the one in the admin console, page WhatsApp):',
    '',
    block,
    '  The code changes every ~20 seconds; the session is then kept in WHATSAPP_SESSION_DIR.',
    '',
  ].join('\n');
}

/** The instructions printed when linking with a pairing code instead of a QR. */
export function pairingInstructions(code: string): string {
  return [
    '',
    '[whatsapp] Link the city hall’s WhatsApp number with this pairing code:',
    `  ${code}`,
    '  On the phone: WhatsApp → Settings → Linked devices → Link a device → Link with phone number instead.',
    '',
  ].join('\n');
}
