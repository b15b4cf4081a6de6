import QRCode from 'qrcode';
import { readWhatsAppWebStatus } from '../../src/channels/whatsapp';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { webHarness } from '../channels/whatsapp/harness';
import { login, startConsole } from './harness';

const QR = '2@Kq8X0n1yqE9mJ2r4sYd3vB+Jt0o=,kF2b6Q0dN3hR1y8J8mM3mQ==,c2VjcmV0,9VdH3mTqJ2xL=';

interface WhatsAppView {
  enabled: boolean;
  status: string;
  qrSvg?: string;
  qrExpired?: boolean;
  pairingCode?: string;
  updatedAt: string | null;
}

/**
 * A console and a WhatsApp Web adapter (over the client double) sharing one storage, as the console of any
 * instance shares the database with the instance holding the session. `offsetMs` moves the console's clock.
 */
async function setup(offsetMs = 0) {
  const storage = new MemoryStorage();
  const app = await startConsole({
    storage,
    whatsApp: { enabled: true, read: () => readWhatsAppWebStatus(storage) },
    now: () => new Date(Date.now() + offsetMs),
  });
  const wa = await webHarness({ storage });
  const admin = await login(app.url, 'admin');
  const view = async () => {
    const res = await admin.call('GET', '/api/console/whatsapp');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return (await res.json()) as WhatsAppView;
  };
  return {
    app,
    wa,
    view,
    async close() {
      await wa.wa.stop();
      await app.close();
    },
  };
}

describe('console: WhatsApp Web linking page (admins)', () => {
  it('gives admins the QR as SVG while a scan is awaited, and drops it once the phone is linked', async () => {
    const s = await setup();
    try {
      expect(await s.view()).toMatchObject({ enabled: true, status: 'starting' });

      s.wa.client().emit('qr', QR);
      await s.wa.wa.drain();
      const waiting = await s.view();
      expect(waiting.status).toBe('waiting-for-qr-scan');
      expect(waiting.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>\s*$/s);
      // The same QR the phone must scan, not any QR: identical to rendering the payload directly.
      expect(waiting.qrSvg).toBe(await QRCode.toString(QR, { type: 'svg', margin: 2, width: 264 }));
      expect(waiting.qrSvg).not.toContain('<script');
      expect(JSON.stringify(waiting)).not.toContain(QR); // the raw payload never leaves the server
      expect(Date.parse(waiting.updatedAt ?? '')).toBeGreaterThan(0);

      s.wa.client().link();
      await s.wa.wa.drain();
      const ready = await s.view();
      expect(ready.status).toBe('ready');
      expect(ready.qrSvg).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('does not show a QR the session stopped refreshing (expired), and says so', async () => {
    const s = await setup(2 * 60_000);
    try {
      s.wa.client().emit('qr', QR);
      await s.wa.wa.drain();
      const view = await s.view();
      expect(view).toMatchObject({ status: 'waiting-for-qr-scan', qrExpired: true });
      expect(view.qrSvg).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('shows the pairing code when linking by phone number', async () => {
    const s = await setup();
    try {
      s.wa.client().emit('code', 'ABCD-1234');
      await s.wa.wa.drain();
      expect(await s.view()).toMatchObject({ status: 'waiting-for-pairing-code', pairingCode: 'ABCD-1234' });
    } finally {
      await s.close();
    }
  });

  it('answers 401 without a session and 403 to operators and editors', async () => {
    const s = await setup();
    try {
      s.wa.client().emit('qr', QR);
      await s.wa.wa.drain();
      const anonymous = await fetch(`${s.app.url}/api/console/whatsapp`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
      for (const username of ['giulia', 'elena']) {
        const res = await (await login(s.app.url, username)).call('GET', '/api/console/whatsapp');
        expect(res.status).toBe(403);
        const body = await res.text();
        expect(JSON.parse(body).error.code).toBe('forbidden');
        expect(body).not.toContain('<svg');
      }
    } finally {
      await s.close();
    }
  });

  it('says WhatsApp Web is not enabled when the console has no WhatsApp source', async () => {
    const app = await startConsole();
    try {
      const res = await (await login(app.url, 'admin')).call('GET', '/api/console/whatsapp');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ enabled: false, status: 'stopped', updatedAt: null });
    } finally {
      await app.close();
    }
  });

  it('serves the admins’ page and script under the console CSP, which allows the data: image', async () => {
    const app = await startConsole();
    try {
      const page = await fetch(`${app.url}/console/whatsapp`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data:");
      const html = await page.text();
      expect(html).toContain('/console/whatsapp.js');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline scripts
      const script = await fetch(`${app.url}/console/whatsapp.js`);
      expect(script.headers.get('content-type')).toContain('text/javascript');
      expect(await script.text()).toContain('/api/console/whatsapp');
    } finally {
      await app.close();
    }
  });
});
