import { WhatsAppNotReadyError } from '../../../src/channels/whatsapp';
import { recorded, textMessage } from './fake-client';
import { webHarness } from './harness';

const CHAT = '393331234567@c.us';
const ref = { channel: 'whatsapp', conversationId: CHAT, userId: CHAT };

type Harness = Awaited<ReturnType<typeof webHarness>>;

/** Emits a message on the current client and waits until it is answered; resolves the texts sent. */
async function say(h: Harness, message: ReturnType<typeof recorded>): Promise<string[]> {
  const client = h.client();
  const before = client.sent.length;
  client.emit('message', message);
  await h.wa.drain();
  return client.sent.slice(before).map((m) => m.text);
}

describe('WhatsApp (whatsapp-web.js) adapter', () => {
  let h: Harness;
  afterEach(() => h.wa.stop());

  it('shows the QR code to link the phone, in the terminal and through latestQr(), until linked', async () => {
    h = await webHarness();
    const client = h.client();
    expect(client.initialized).toBe(1);
    expect(client.options).toEqual({
      sessionDir: './data/whatsapp-session-test',
      chromiumPath: '/usr/bin/chromium',
    });
    expect(h.wa.status()).toBe('starting');

    const qr = '2@Kq8X0n1yqE9mJ2r4sYd3vB+Jt0o=,kF2b6Q0dN3hR1y8J8mM3mQ==,c2VjcmV0,9VdH3mTqJ2xL=';
    client.emit('qr', qr);
    expect(h.wa.latestQr()).toBe(qr);
    expect(h.wa.status()).toBe('waiting-for-qr-scan');
    await h.wa.drain(); // the terminal QR is rendered asynchronously
    expect(h.terminal.join('')).toContain('Linked devices → Link a device');
    expect(h.terminal.join('')).toMatch(/[█▀▄]{7}/); // a scannable QR (tests/channels/whatsapp/qr.test.ts)
    expect(h.terminal.join('')).not.toContain(qr); // the raw payload links the account: debug log only

    client.emit('qr', `${qr}-2`);
    expect(h.wa.latestQr()).toBe(`${qr}-2`);
    await h.wa.drain();
    expect(h.terminal.at(-1)).toContain('refreshed');

    client.link();
    expect(h.wa.latestQr()).toBeUndefined();
    expect(h.wa.status()).toBe('ready');
  });

  it('welcomes a citizen and offers the menu as a numbered text menu', async () => {
    h = await webHarness();
    h.client().link();
    const texts = await say(h, recorded('text'));
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('Comune di Esempio');
    // The sentence names the link, so the URL follows it alone (no "privacy: informativa: https://…").
    expect(texts[1]).toContain('Leggi l’informativa privacy: https://example.org/privacy.');
    expect(texts[1]).not.toContain('informativa: informativa');
    expect(texts[2]).toBe(
      'Come posso aiutarti?\n\n1. Domande frequenti\n2. Avvia una pratica\n3. Parla con un operatore\n\nRispondi con il numero dell’opzione.',
    );
    expect(h.client().sent.every((m) => m.chatId === CHAT)).toBe(true);
    const state = await h.engine.getState(ref);
    expect(state?.ref.userName).toBe('Giulia Rossi');
  });

  it('takes "2" or the option’s text as the choice, even after a restart', async () => {
    h = await webHarness();
    h.client().link();
    await say(h, recorded('text'));
    expect(await say(h, textMessage('2', 'a'))).toEqual([
      'Quale pratica vuoi avviare?\n\n1. Segnalazione guasto\n\nRispondi con il numero dell’opzione.',
    ]);
    await h.wa.stop();

    // A new process over the same database: the menu offered before the restart still counts.
    h = await webHarness({ storage: h.storage });
    h.client().link();
    expect(await say(h, textMessage('segnalazione guasto', 'b'))).toEqual([
      'Dove si trova il problema? Invia la *posizione*.',
    ]);
  });

  it('does not turn a number into a choice when the last message offered none', async () => {
    h = await webHarness();
    h.client().link();
    await say(h, recorded('text'));
    await say(h, textMessage('2', 'a'));
    await say(h, textMessage('1', 'b')); // starts the report form, which asks for a location (no menu)
    expect(await say(h, textMessage('2', 'c'))).toEqual([
      'Mi serve la posizione: usa la graffetta e «Posizione».',
    ]);
  });

  it('passes a location and a photo to a form, then confirms by number', async () => {
    h = await webHarness();
    h.client().link();
    await say(h, recorded('text'));
    await say(h, textMessage('2', 'a'));
    await say(h, textMessage('1', 'b'));
    expect(await say(h, recorded('location'))).toEqual(['Grazie. Ora invia una foto del problema.']);
    const [summary] = await say(h, recorded('image'));
    expect(summary).toBe(
      'Riepilogo: Piazza del Campidoglio, 00186 Roma RM (41.8933, 12.4829), foto image/jpeg. Confermi?\n\n1. Conferma\n2. Annulla\n\nRispondi con il numero dell’opzione.',
    );
    const state = await h.engine.getState(ref);
    expect(state?.stack[0]?.data).toMatchObject({
      location: { latitude: 41.8933, longitude: 12.4829 },
      photo: {
        contentType: 'image/jpeg',
        fileId: 'false_393331234567@c.us_3EB0F00DBABE12345678',
        hasData: true,
      },
      caption: 'La buca',
    });
    expect(await say(h, textMessage('1', 'c'))).toEqual(['Segnalazione inviata. Protocollo ESE-1.']);
  });

  it('ignores group messages, status updates, its own messages and system notices', async () => {
    h = await webHarness();
    h.client().link();
    await say(h, recorded('group'));
    await say(h, recorded('status'));
    await say(h, recorded('e2e-notification'));
    await say(h, recorded('text', { fromMe: true }));
    expect(h.client().sent).toHaveLength(0);
    expect(await h.engine.getState(ref)).toBeUndefined();
  });

  it('answers a redelivered message once', async () => {
    h = await webHarness();
    h.client().link();
    await say(h, recorded('text'));
    expect(await say(h, recorded('text'))).toEqual([]);
  });

  it('reconnects with a fresh client after a disconnection, and ignores the old one', async () => {
    h = await webHarness();
    const first = h.client();
    first.link();
    first.emit('disconnected', 'NAVIGATION');
    expect(h.wa.status()).toBe('reconnecting');
    await expect(h.engine.sendProactive(ref, [{ text: 'Aggiornamento' }])).rejects.toBeInstanceOf(
      WhatsAppNotReadyError,
    );

    await waitFor(() => h.clients.length === 2 && h.client().initialized === 1);
    expect(first.destroyed).toBeGreaterThanOrEqual(1);
    const second = h.client();
    second.link();
    expect(h.wa.status()).toBe('ready');

    first.emit('message', recorded('text'));
    await h.wa.drain();
    expect(first.sent).toHaveLength(0);
    expect(await say(h, recorded('text'))).toHaveLength(3);
  });

  it('keeps retrying when the browser fails to start, until it connects', async () => {
    h = await webHarness({
      reconnect: { baseMs: 5, maxMs: 40 },
      prepare: (client, index) => {
        if (index < 3) client.failInitialize = new Error('Failed to launch the browser process');
      },
    });
    await waitFor(() => h.clients.length === 4);
    expect(h.wa.status()).toBe('starting');
    expect(h.clients.slice(0, 3).every((c) => c.destroyed === 1)).toBe(true);
    h.client().link();
    expect(h.wa.status()).toBe('ready');
  });

  it('delivers proactive messages (operator reply, ticket update) on WhatsApp', async () => {
    h = await webHarness();
    h.client().link();
    await say(h, recorded('text'));
    await h.engine.sendProactive(ref, [
      {
        text: 'La pratica **ESE-1** è stata accolta.',
        links: [{ label: 'Dettagli', url: 'https://example.org/t/1' }],
      },
    ]);
    expect(h.client().sent.at(-1)?.text).toBe(
      'La pratica *ESE-1* è stata accolta.\n\nDettagli: https://example.org/t/1',
    );
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
