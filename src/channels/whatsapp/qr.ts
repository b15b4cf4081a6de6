/** Where the link-the-phone instructions are printed (the process's terminal by default). */
export interface Terminal {
  write(text: string): unknown;
}

/**
 * The instructions printed when WhatsApp Web asks to link the city hall's phone. No QR renderer is bundled,
 * so the QR is shown as an image in the admin console (from `latestQr()`); the raw string is printed too, for
 * any local QR tool. Linking with a pairing code (`WHATSAPP_PAIRING_NUMBER`) needs no QR at all.
 */
export function qrInstructions(qr: string, first: boolean): string {
  if (!first) return `[whatsapp] QR code refreshed (the previous one expired):\n${qr}\n`;
  return [
    '',
    '[whatsapp] Link the city hall’s WhatsApp number to Sportello:',
    '  1. On the phone: WhatsApp → Settings → Linked devices → Link a device.',
    '  2. Scan the QR code shown in the admin console (WhatsApp page), or render this string as a QR code',
    '     with a local tool (never a website: it grants access to the account):',
    '',
    qr,
    '',
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
