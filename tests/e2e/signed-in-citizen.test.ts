import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { FakePortal, hs256Assertion, PORTAL, tampered } from '../helpers/fake-portal';

/**
 * A citizen signed in with SPID/CIE on the comune's portal opens the web chat: the portal passes its signed
 * assertion in `POST /api/webchat/session`, and over the real HTTP API the parking pass skips the codice
 * fiscale and the summary says it is verified; a tampered assertion opens an anonymous chat that says why.
 */

jest.setTimeout(60_000);

const API_KEY = 'backoffice-key-for-identity-tests';
const CF = 'RSSMRA80A01H501U';
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

interface SessionReply {
  conversationId: string;
  token: string;
  identity?: { verified: boolean; reason?: string; message?: string; name?: string };
}

describe('POST /api/webchat/session with a citizen assertion', () => {
  const portal = new FakePortal();
  let testApp: TestApp;

  beforeAll(async () => {
    const jwksUrl = await portal.start();
    testApp = await startTestApp({
      BACKOFFICE_API_KEY: API_KEY,
      CITIZEN_TOKEN_SECRET: PORTAL.secret,
      CITIZEN_TOKEN_JWKS_URL: jwksUrl,
      CITIZEN_TOKEN_AUDIENCE: PORTAL.audience,
      CITIZEN_TOKEN_ISSUER: PORTAL.issuer,
    });
  });
  afterAll(async () => {
    await testApp?.close();
    await portal.stop();
  });

  async function session(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await fetch(`${testApp.base}/api/webchat/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as SessionReply };
  }

  /** A web-chat citizen on the conversation a session opened. */
  function citizenOn(reply: SessionReply): DirectLineCitizen {
    const citizen = new DirectLineCitizen(testApp.base);
    citizen.token = reply.token;
    citizen.conversationId = reply.conversationId;
    return citizen;
  }

  /** Sends the registration document through the paperclip, as Web Chat does. */
  async function upload(c: DirectLineCitizen): Promise<string> {
    const form = new FormData();
    const activity = {
      type: 'message',
      from: { id: 'citizen' },
      attachments: [{ contentType: 'application/pdf', name: 'libretto.pdf' }],
      channelData: { attachmentSizes: [PDF.length], clientActivityID: `u-${Math.random()}` },
    };
    form.append(
      'activity',
      new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
    );
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'libretto.pdf');
    const res = await fetch(`${testApp.base}/v3/directline/conversations/${c.conversationId}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${c.token}` },
      body: form,
    });
    expect(res.status).toBe(200);
    return c.newBotText();
  }

  it('an RS256 assertion prefills the codice fiscale of the parking pass; the summary and the ticket say verified', async () => {
    const { status, body } = await session({ citizenToken: await portal.assertion() });
    expect(status).toBe(200);
    expect(body.identity).toEqual({ verified: true, name: 'Mario', familyName: 'Rossi' });
    const c = citizenOn(body);

    expect(await c.say('ciao')).toContain('Ciao Mario Rossi, ti ho riconosciuto');
    const first = await c.say('Pass sosta residenti', 'service:pass-sosta-residenti');
    expect(first).toContain(
      'Ho già inserito i tuoi dati verificati con SPID/CIE: Codice fiscale, Nome e cognome.',
    );
    expect(first).not.toContain('Qual è il tuo codice fiscale?');
    expect(first).toContain('indirizzo di residenza');
    await c.say('Via Roma 12');
    expect(await c.say('AB123CD')).toContain('libretto');
    expect(await upload(c)).toContain('intestata a te');
    await c.say('Sì', 'sì');
    const summary = await c.say('Salta', 'form:skip');
    expect(summary).toContain(`**Codice fiscale**: ${CF} _(verificato con SPID/CIE)_`);
    const done = await c.say('Conferma e invia', 'form:confirm');
    const protocol = /ESE-\d{4}-\d{6}/.exec(done)?.[0];
    expect(protocol).toBeDefined();

    // The back office sees who confirmed it, verified, and which answers came from the identity.
    const res = await fetch(`${testApp.base}/api/backoffice/tickets/${protocol}`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    const ticket = (await res.json()) as {
      identity?: Record<string, unknown>;
      summary: Array<{ id: string; verified?: boolean }>;
    };
    expect(ticket.identity).toMatchObject({ fiscalNumber: CF, method: 'spid-cie', issuer: PORTAL.issuer });
    expect(ticket.summary.find((f) => f.id === 'codice_fiscale')?.verified).toBe(true);

    // Mario on another device, signed in with an HS256 assertion: "le mie pratiche" lists it.
    const other = await session({ citizenToken: await hs256Assertion() });
    expect(other.body.conversationId).not.toBe(body.conversationId);
    const again = citizenOn(other.body);
    await again.say('ciao');
    expect(await again.say('le mie pratiche')).toContain(String(protocol));

    // An anonymous chat that types the same codice fiscale finds nothing.
    const anonymous = await session({});
    const stranger = citizenOn(anonymous.body);
    expect(anonymous.body.identity).toBeUndefined();
    await stranger.say('ciao');
    await stranger.say(CF);
    expect(await stranger.say('le mie pratiche')).not.toContain(String(protocol));
  });

  it('a tampered assertion opens an anonymous chat that says why, and the form asks for the codice fiscale', async () => {
    const { status, body } = await session({ citizenToken: tampered(await hs256Assertion()) });
    expect(status).toBe(200);
    expect(body.token).toEqual(expect.any(String));
    expect(body.identity).toEqual({
      verified: false,
      reason: 'signature',
      message: expect.stringContaining('Non ho potuto verificare la tua identità digitale (SPID/CIE)'),
    });
    const c = citizenOn(body);
    const hello = await c.say('ciao');
    expect(hello).toContain('la firma dei dati ricevuti non è valida');
    expect(await c.say('Pass sosta residenti', 'service:pass-sosta-residenti')).toContain(
      'Qual è il tuo codice fiscale?',
    );
  });

  it('tells an expired or foreign-audience assertion in the page’s language', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await session({
      citizenToken: await hs256Assertion({ iat: now - 900, exp: now - 600 }),
      locale: 'en-GB',
    });
    expect(expired.body.identity).toMatchObject({
      verified: false,
      reason: 'expired',
      message: expect.stringContaining('the sign-in has expired'),
    });
    const foreign = await session(
      { citizenToken: await portal.assertion({ audience: 'https://altro-comune.example.org' }) },
      { 'accept-language': 'it-IT,it;q=0.9' },
    );
    expect(foreign.body.identity).toMatchObject({
      verified: false,
      reason: 'audience',
      message: expect.stringContaining('destinato a un altro servizio'),
    });
  });

  it('keeps refusing what is no session body with a 400', async () => {
    expect((await session({ citizenToken: 42 })).status).toBe(400);
  });
});
