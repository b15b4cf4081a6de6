import pino from 'pino';
import type { ConversationRef } from '../../src/engine/types';
import { createCitizenIdentity } from '../../src/identity';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { hs256Assertion, PORTAL, tampered } from '../helpers/fake-portal';
import { CF, Conversation, PDF, startEngine } from '../services/transcript';

const webchat = (n: number): ConversationRef => ({
  channel: 'webchat',
  conversationId: `c${n}`,
  userId: `u${n}`,
});

async function setUp() {
  const storage = new MemoryStorage();
  const identity = createCitizenIdentity({
    storage,
    logger: pino({ level: 'silent' }),
    settings: { secret: PORTAL.secret, audience: PORTAL.audience, issuer: PORTAL.issuer },
  });
  const { engine } = await startEngine(storage, { identity });
  /** A web-chat conversation whose page passed `assertion` when it opened. */
  const open = async (n: number, assertion?: string) => {
    const outcome = assertion ? await identity.signIn.accept(`webchat:c${n}`, assertion, 'it') : undefined;
    return { c: new Conversation(engine, webchat(n)), outcome };
  };
  return { storage, open, engine };
}

/** Starts the parking pass from the services menu. */
function startPass(c: Conversation): Promise<string> {
  return c.send({ text: 'Pass sosta residenti', value: 'service:pass-sosta-residenti' });
}

/** Answers the parking pass's questions that a verified citizen is still asked, up to the summary. */
async function fillTheRest(c: Conversation): Promise<string> {
  await c.send('Via Roma 12');
  await c.send('AB 123 CD');
  await c.send({ attachments: [PDF] });
  await c.press('sì'); // the Yes button's value
  return c.send('333 1234567');
}

describe('a citizen signed in on the portal (SPID/CIE)', () => {
  it('is greeted by name when the web chat page opens the conversation, before typing anything', async () => {
    const { open, engine } = await setUp();
    await open(2, await hs256Assertion());
    const opened = await engine.open(webchat(2), 'it-IT');
    const texts = opened.replies.map((r) => r.text ?? '');
    expect(texts[0]).toContain('Ciao Mario Rossi, ti ho riconosciuto');
    // Then the usual welcome with the privacy notice, once: typing afterwards does not greet again.
    expect(texts.join('\n')).toMatch(/privacy/i);
    const c = new Conversation(engine, webchat(2));
    expect(await c.send('ciao')).not.toContain('ti ho riconosciuto');
  });

  it('is greeted by name, the parking pass skips codice fiscale and name, and the summary says verified', async () => {
    const { storage, open } = await setUp();
    const { c, outcome } = await open(1, await hs256Assertion());
    expect(outcome).toEqual({ verified: true, name: 'Mario', familyName: 'Rossi' });
    expect(await c.send('ciao')).toContain('Ciao Mario Rossi, ti ho riconosciuto');

    const first = await startPass(c);
    expect(first).toContain(
      'Ho già inserito i tuoi dati verificati con SPID/CIE: Codice fiscale, Nome e cognome.',
    );
    expect(first).not.toContain('Qual è il tuo codice fiscale?');
    expect(first).not.toContain('Come ti chiami');
    expect(first).toContain('Qual è il tuo indirizzo di residenza?');

    const summary = await fillTheRest(c);
    expect(summary).toContain(`**Codice fiscale**: ${CF} _(verificato con SPID/CIE)_`);
    expect(summary).toContain('**Nome e cognome**: Mario Rossi _(verificato con SPID/CIE)_');
    expect(summary).not.toContain('**Targa**: AB123CD _(verificato');

    expect(await c.press('Conferma e invia')).toContain('**ESE-2026-000001**');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields).toMatchObject({ codice_fiscale: CF, nome: 'Mario Rossi' });
    expect(ticket?.identity).toMatchObject({
      fiscalNumber: CF,
      name: 'Mario',
      familyName: 'Rossi',
      method: 'spid-cie',
    });
    expect(ticket?.summary.filter((f) => f.verified).map((f) => f.id)).toEqual(['codice_fiscale', 'nome']);
  });

  it('an edited verified answer is no longer shown as verified', async () => {
    const { open } = await setUp();
    const { c } = await open(1, await hs256Assertion());
    await c.send('ciao');
    await startPass(c);
    await fillTheRest(c);
    await c.press('Modifica');
    await c.press('Nome e cognome');
    const summary = await c.send('Maria Rossi');
    expect(summary).toContain('**Nome e cognome**: Maria Rossi\n');
    expect(summary).toContain(`**Codice fiscale**: ${CF} _(verificato con SPID/CIE)_`);
  });

  it('says "verified with SPID/CIE" in English', async () => {
    const { open } = await setUp();
    const { c } = await open(1, await hs256Assertion());
    await c.send('english');
    await startPass(c);
    expect(await fillTheRest(c)).toContain(`**Tax code**: ${CF} _(verified with SPID/CIE)_`);
  });

  it('"le mie pratiche" from another device with the same verified identity lists the ticket; a typed codice fiscale does not', async () => {
    const { open } = await setUp();
    const first = await open(1, await hs256Assertion());
    await first.c.send('ciao');
    await startPass(first.c);
    await fillTheRest(first.c);
    await first.c.press('Conferma e invia');

    // Someone else, anonymous, types Mario's codice fiscale and even files a request with it.
    const stranger = (await open(3)).c;
    await stranger.send('ciao');
    expect(await stranger.send(CF)).not.toContain('ESE-2026-000001');
    expect(await stranger.send('le mie pratiche')).not.toContain('ESE-2026-000001');
    expect(await stranger.send('stato pratica ESE-2026-000001')).not.toContain('ricevuta');
    await startPass(stranger);
    await stranger.send(CF);
    await stranger.send('Mario Rossi');
    await fillTheRest(stranger);
    expect(await stranger.press('Conferma e invia')).toContain('**ESE-2026-000002**');

    // Mario again, on another device: a new conversation, signed in with SPID on the portal.
    const second = (await open(2, await hs256Assertion())).c;
    await second.send('ciao');
    const mine = await second.send('le mie pratiche');
    expect(mine).toContain('ESE-2026-000001');
    expect(mine).toContain('Pass sosta residenti');
    // The request typed with his codice fiscale by someone else is not his verified one.
    expect(mine).not.toContain('ESE-2026-000002');
    expect(await second.send('stato pratica ESE-2026-000001')).toContain('stato «ricevuta»');
    expect(await second.send('stato pratica ESE-2026-000002')).not.toContain('ricevuta');
  });

  it('a tampered assertion is refused: the chat says why and the form asks for the codice fiscale', async () => {
    const { open } = await setUp();
    const { c, outcome } = await open(5, tampered(await hs256Assertion()));
    expect(outcome).toMatchObject({ verified: false, reason: 'signature' });
    expect(outcome && 'message' in outcome ? outcome.message : '').toContain(
      'Non ho potuto verificare la tua identità digitale (SPID/CIE)',
    );
    const hello = await c.send('ciao');
    expect(hello).toContain('la firma dei dati ricevuti non è valida');
    expect(hello).toContain('Continui senza accesso');
    const first = await startPass(c);
    expect(first).toContain('Qual è il tuo codice fiscale?');
    expect(first).not.toContain('verificati con SPID/CIE');
    expect(await c.send('le mie pratiche')).not.toContain('ESE-');
  });

  it('a refused assertion on a signed-in conversation leaves it anonymous', async () => {
    const { open } = await setUp();
    await open(1, await hs256Assertion());
    const { c } = await open(1, await hs256Assertion({ audience: 'https://altro.example.org' }));
    await c.send('ciao');
    expect(await startPass(c)).toContain('Qual è il tuo codice fiscale?');
  });
});
