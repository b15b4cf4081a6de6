import { Writable } from 'node:stream';
import pino from 'pino';
import QRCode from 'qrcode';
import {
  createWhatsAppWebChannel,
  readWhatsAppWebStatus,
  WHATSAPP_WEB_STATUS,
} from '../../../src/channels/whatsapp';
import { terminalQr } from '../../../src/channels/whatsapp/qr';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { FakeClient } from './fake-client';
import { webHarness } from './harness';
import { testEngine } from './test-engine';

const QR = '2@Kq8X0n1yqE9mJ2r4sYd3vB+Jt0o=,kF2b6Q0dN3hR1y8J8mM3mQ==,c2VjcmV0,9VdH3mTqJ2xL=';

/**
 * Reads the dark modules back from a small terminal QR: each character holds two rows (`█` both dark, `▀` the
 * upper, `▄` the lower), after a one-module light border.
 */
function modulesOf(block: string, size: number): boolean[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes
  const lines = block.replace(/\x1b\[\d+m/g, '').split('\n');
  const dark: boolean[] = [];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const char = lines[Math.floor((y + 1) / 2)]?.[x + 1];
      const upper = (y + 1) % 2 === 0;
      dark.push(char === '█' || char === (upper ? '▀' : '▄'));
    }
  return dark;
}

describe('WhatsApp Web QR code', () => {
  it('prints a terminal QR a phone can scan: the block characters encode exactly the payload', async () => {
    const h = await webHarness();
    h.client().emit('qr', QR);
    await h.wa.drain();
    const printed = h.terminal.join('');
    expect(printed).toContain('Linked devices → Link a device');
    expect(printed).toContain(await terminalQr(QR));

    const expected = QRCode.create(QR, { errorCorrectionLevel: 'M' }).modules;
    const found = modulesOf(await terminalQr(QR), expected.size);
    expect(found).toEqual([...expected.data].map((m) => m === 1));
    expect(found.filter(Boolean).length).toBeGreaterThan(expected.size * 4); // not an empty square
    await h.wa.stop();
  });

  it('keeps the raw QR payload out of the terminal and in the debug log only', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const { engine, storage } = testEngine();
    const terminal: string[] = [];
    let client: FakeClient | undefined;
    const wa = createWhatsAppWebChannel({
      engine,
      storage,
      logger,
      sessionDir: './data/whatsapp-session-test',
      chromiumPath: '/usr/bin/chromium',
      clientFactory: (options) => {
        client = new FakeClient(options);
        return client;
      },
      terminal: { write: (text: string) => terminal.push(text) },
    });
    await wa.start();
    client?.emit('qr', QR);
    await wa.drain();
    expect(terminal.join('')).not.toContain(QR);
    const debug = lines.map((l) => JSON.parse(l) as { level: number; qr?: string }).filter((l) => l.qr);
    expect(debug).toEqual([expect.objectContaining({ level: 20, qr: QR })]);
    await wa.stop();
  });

  it('records status and QR in storage, for the console of any instance, and forgets the QR once linked', async () => {
    const h = await webHarness();
    await h.wa.drain();
    expect(await readWhatsAppWebStatus(h.storage)).toMatchObject({ status: 'starting' });

    h.client().emit('qr', QR);
    await h.wa.drain();
    const waiting = await readWhatsAppWebStatus(h.storage);
    expect(waiting).toMatchObject({ status: 'waiting-for-qr-scan', qr: QR });
    expect(Number.isNaN(Date.parse(waiting?.updatedAt ?? ''))).toBe(false);

    h.client().link();
    await h.wa.drain();
    const ready = await readWhatsAppWebStatus(h.storage);
    expect(ready?.status).toBe('ready');
    expect(ready?.qr).toBeUndefined();

    await h.wa.stop();
    expect((await readWhatsAppWebStatus(h.storage))?.status).toBe('stopped');
  });

  it('does not overwrite the status of the instance that took the session over when stepping down', async () => {
    const storage = new MemoryStorage();
    const old = await webHarness({ storage });
    old.client().link();
    await old.wa.drain();
    // Another instance got the lock and shows a fresh QR before this one has finished stopping.
    const next = await webHarness({ storage });
    next.client().emit('qr', QR);
    await next.wa.drain();
    await old.wa.stop();
    expect(await readWhatsAppWebStatus(storage)).toMatchObject({ status: 'waiting-for-qr-scan', qr: QR });
    await next.wa.stop();
  });

  it('ignores a malformed status document instead of failing', async () => {
    const storage = new MemoryStorage();
    await storage.put(WHATSAPP_WEB_STATUS, 'current', { status: 'dancing', updatedAt: 'yesterday' });
    expect(await readWhatsAppWebStatus(storage)).toBeUndefined();
  });
});
