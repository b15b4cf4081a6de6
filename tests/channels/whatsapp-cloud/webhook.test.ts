import { signBody } from '../../../src/channels/whatsapp-cloud/signature';
import {
  APP_SECRET,
  CITIZEN,
  cloudHarness,
  firstMessage,
  fixture,
  textPayload,
  VERIFY_TOKEN,
} from './harness';

describe('WhatsApp Cloud API webhook', () => {
  let h: Awaited<ReturnType<typeof cloudHarness>>;
  beforeEach(async () => {
    h = await cloudHarness();
  });
  afterEach(() => h.close());

  it('answers Meta’s verification handshake with the challenge, and refuses a wrong verify token', async () => {
    const ok = await fetch(
      `${h.base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');

    const wrong = await fetch(
      `${h.base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });

    const incomplete = await fetch(`${h.base}/whatsapp/webhook?hub.verify_token=${VERIFY_TOKEN}`);
    expect(incomplete.status).toBe(400);
  });

  it('rejects unsigned and wrongly signed notifications without answering the citizen', async () => {
    const payload = fixture('text');
    const unsigned = await h.post(payload, null);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('signature_missing');

    const forged = await h.post(payload, signBody(JSON.stringify(payload), 'another-secret'));
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('signature_invalid');

    // Signed, but the body was changed on the way.
    const raw = JSON.stringify(payload);
    const res = await fetch(`${h.base}/whatsapp/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, APP_SECRET) },
      body: raw.replace('Ciao', 'Hack'),
    });
    expect(res.status).toBe(403);

    expect(h.graph.sent).toHaveLength(0);
    expect(await h.engine.getState({ channel: 'whatsapp-cloud', conversationId: CITIZEN })).toBeUndefined();
  });

  it('refuses a signed body that is not a WhatsApp notification with a JSON 400', async () => {
    const res = await h.post({ object: 'page', entry: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('welcomes a new citizen with the privacy notice and the menu as an interactive list', async () => {
    const res = await h.post(fixture('text'));
    expect(res).toEqual({ status: 200, body: { received: 1 } });
    const [welcome, privacy, menu] = h.graph.sent;
    expect(h.graph.sent).toHaveLength(3);
    expect(welcome?.authorization).toBe('Bearer test-token');
    expect(welcome?.path).toBe('/v21.0/106540352242922/messages');
    expect(welcome?.body).toMatchObject({ messaging_product: 'whatsapp', to: CITIZEN, type: 'text' });
    expect(welcome?.body.text?.body).toContain('Comune di Esempio');
    // Markdown link rendered the WhatsApp way: the sentence names the link, so the URL follows it alone.
    expect(privacy?.body.text?.body).toContain('Leggi l’informativa privacy: https://example.org/privacy.');
    expect(privacy?.body.text?.body).not.toContain('informativa: informativa');
    // "Parla con un operatore" is longer than a button title may be, so the menu is a list.
    expect(menu?.body.type).toBe('interactive');
    const list = menu?.body.interactive;
    expect(list?.type).toBe('list');
    expect(list?.body.text).toBe('Come posso aiutarti?');
    const rows = list?.type === 'list' ? list.action.sections[0]?.rows : undefined;
    expect(rows?.map((r) => r.id)).toEqual(['menu:faq', 'menu:services', 'menu:operator']);
    expect(rows?.[2]).toEqual({ id: 'menu:operator', title: 'Parla con un operatore' });
  });

  it('runs a form through list and button replies, location and photo', async () => {
    await h.post(fixture('text'));
    h.graph.sent.length = 0;

    await h.post(fixture('list-reply')); // "Avvia una pratica"
    expect(h.graph.messages).toEqual([
      expect.objectContaining({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Quale pratica vuoi avviare?' },
          action: {
            buttons: [{ type: 'reply', reply: { id: 'service:segnalazione', title: 'Segnalazione guasto' } }],
          },
        },
      }),
    ]);

    const pick = fixture('button-reply');
    Object.assign(firstMessage(pick), {
      id: 'wamid.pick-service',
      interactive: {
        type: 'button_reply',
        button_reply: { id: 'service:segnalazione', title: 'Segnalazione guasto' },
      },
    });
    await h.post(pick);
    expect(h.graph.messages.at(-1)?.text?.body).toBe('Dove si trova il problema? Invia la *posizione*.');

    await h.post(fixture('location'));
    expect(h.graph.messages.at(-1)?.text?.body).toBe('Grazie. Ora invia una foto del problema.');

    await h.post(fixture('image'));
    const summary = h.graph.messages.at(-1);
    expect(summary?.interactive?.type).toBe('button');
    expect(summary?.interactive?.body.text).toContain(
      'Riepilogo: Piazza del Campidoglio, 00186 Roma RM (41.8933, 12.4829)',
    );
    expect(summary?.interactive?.body.text).toContain('foto image/jpeg');
    const state = await h.engine.getState({ channel: 'whatsapp-cloud', conversationId: CITIZEN });
    expect(state?.stack[0]?.data).toMatchObject({
      photo: { contentType: 'image/jpeg', fileId: '1003383421387256' },
      caption: 'La buca',
    });

    await h.post(fixture('button-reply')); // "Conferma" → id confirm
    expect(h.graph.messages.at(-1)?.text?.body).toBe('Segnalazione inviata. Protocollo ESE-1.');
  });

  it('understands a typed number or option text as the choice of the last menu', async () => {
    await h.post(fixture('text'));
    await h.post(textPayload('wamid.typed-2', '2'));
    expect(h.graph.messages.at(-1)?.interactive?.body.text).toBe('Quale pratica vuoi avviare?');

    await h.post(textPayload('wamid.typed-label', 'segnalazione guasto'));
    expect(h.graph.messages.at(-1)?.text?.body).toContain('Dove si trova il problema?');
  });

  it('answers a redelivered notification once', async () => {
    await h.post(fixture('text'));
    const count = h.graph.sent.length;
    const again = await h.post(fixture('text'));
    expect(again.status).toBe(200);
    expect(h.graph.sent).toHaveLength(count);
  });

  it('accepts delivery statuses (including failures) without sending anything', async () => {
    expect((await h.post(fixture('status-delivered'))).status).toBe(200);
    expect((await h.post(fixture('status-failed'))).status).toBe(200);
    expect(h.graph.sent).toHaveLength(0);
  });

  it('ignores notifications for another phone number id', async () => {
    const payload = fixture('text');
    const value = payload.entry[0]?.changes[0]?.value;
    if (!value) throw new Error('The text fixture has no change');
    value.metadata.phone_number_id = '999999999';
    const res = await h.post(payload);
    expect(res.body).toEqual({ received: 0 });
    expect(h.graph.sent).toHaveLength(0);
  });

  it('downloads a file the citizen sent by its media id', async () => {
    h.graph.media.set('1273465143876398', {
      contentType: 'application/pdf',
      data: Buffer.from('%PDF-1.7 delega'),
    });
    await h.post(fixture('document'));
    const file = await h.wa.downloadMedia('1273465143876398');
    expect(file.contentType).toBe('application/pdf');
    expect(file.data.toString()).toBe('%PDF-1.7 delega');
  });
});
