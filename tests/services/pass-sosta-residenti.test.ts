import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../src/channels/render/markdown';
import { CONVERSATIONS } from '../../src/engine/conversation-state';
import { HANDOFF_QUEUE } from '../../src/handoff/queued-handoff';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { CF, Conversation, PDF, PHOTO, startEngine } from './transcript';

async function start(storage = new MemoryStorage()) {
  const { engine } = await startEngine(storage);
  const c = new Conversation(engine);
  await c.send('ciao');
  const first = await c.send({ text: 'Pass sosta residenti', value: 'service:pass-sosta-residenti' });
  return { storage, engine, c, first };
}

/** Answers up to (not including) the step whose prompt contains `until`. */
async function fillUntil(c: Conversation, until: string): Promise<void> {
  const answers: Array<[string, Parameters<Conversation['send']>[0]]> = [
    ['codice fiscale', CF],
    ['nome e cognome', 'Mario Rossi'],
    ['residenza', 'Via Roma 12'],
    ['targa', 'ab 123 cd'],
    ['libretto', { attachments: [PDF] }],
    ['intestata a te', 'sì'],
    ['telefono', '333 123 4567'],
  ];
  for (const [prompt, answer] of answers) {
    if (prompt === until) return;
    await c.send(answer);
  }
}

describe('pass-sosta-residenti transcript', () => {
  it('happy path: every question, summary, confirmation, protocol number and status', async () => {
    const { storage, c, first } = await start();
    expect(first).toContain('Ti servono: codice fiscale');
    expect(first).toContain('Domanda 1 su un massimo di 8');
    expect(first).toContain('Qual è il tuo codice fiscale?');
    expect(await c.send(CF.toLowerCase())).toContain('Come ti chiami');
    expect(await c.send('Mario Rossi')).toContain('indirizzo di residenza');
    expect(await c.send('Via Roma 12')).toContain('targa dell’auto');
    expect(await c.send('AB 123 CD')).toContain('libretto di circolazione');
    expect(await c.send({ attachments: [PDF] })).toContain('intestata a te');
    expect(c.choices.map((x) => x.label)).toEqual(['Sì', 'No']);
    expect(await c.press('Sì')).toContain('telefono');
    const summary = await c.send('333 1234567');
    expect(summary).toContain('Controlla i dati');
    expect(summary).toContain(`**Codice fiscale**: ${CF}`);
    expect(summary).toContain('**Targa**: AB123CD');
    expect(summary).toContain('**Telefono**: +393331234567');
    expect(summary).toContain('1 file (libretto.pdf)');
    expect(summary).not.toContain('comodato');
    expect(summary).toContain('Il servizio costa **25,00 €**.');
    expect(c.choices.map((x) => x.label)).toEqual(['Conferma e invia', 'Modifica', 'Annulla']);

    const done = await c.press('Conferma e invia');
    expect(done).toContain('**ESE-2026-000001**');
    // Without pagoPA configured the fee is paid at the counter, and the citizen is told where.
    expect(done).toContain('Il pass costa **25,00 €**: puoi pagarlo all’Ufficio Mobilità');
    expect(done).not.toContain('codice avviso');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket).toMatchObject({
      service: 'pass-sosta-residenti',
      status: 'received',
      channel: 'test',
      ref: { channel: 'test', userId: 'u1' },
      fields: {
        codice_fiscale: CF,
        nome: 'Mario Rossi',
        indirizzo: 'Via Roma 12',
        targa: 'AB123CD',
        intestatario: true,
        telefono: '+393331234567',
      },
      payment: { amountCents: 2500, description: 'Pass sosta residenti', via: 'counter', state: 'pending' },
    });
    expect(ticket?.attachments).toEqual([PDF]);
    expect(ticket?.history).toEqual([{ status: 'received', at: expect.any(String), by: 'citizen' }]);
    expect((await storage.get<{ stack: unknown[] }>(CONVERSATIONS, 'test:c1'))?.stack).toEqual([]);

    expect(await c.press('Stato della pratica')).toContain('stato «ricevuta»');
    expect(await c.send('le mie pratiche')).toContain('ESE-2026-000001');
  });

  it('shows the summary as a list, one answer per line, in Web Chat, Telegram and WhatsApp', async () => {
    const { c } = await start();
    await fillUntil(c, 'none');
    const summary = c.text;
    expect(summary).toContain('Controlla i dati');
    // Web Chat renders Markdown with markdown-it: a list, not one run-on paragraph.
    const html = new MarkdownIt().render(summary);
    expect(html).toContain('<ul>');
    expect(html.match(/<li>/g)).toHaveLength(7);
    expect(html).toContain('<li><strong>Targa</strong>: AB123CD</li>');
    // Telegram and WhatsApp get one bullet per line.
    const telegram = renderMarkdown(summary, 'telegram-html');
    expect(telegram).toContain('\n• <b>Targa</b>: AB123CD\n');
    expect(renderMarkdown(summary, 'whatsapp')).toContain('\n• *Targa*: AB123CD\n');
  });

  it('asks for the loan contract only when the car is not registered to the citizen (when:)', async () => {
    const { c, storage } = await start();
    await fillUntil(c, 'intestata a te');
    expect(await c.send('no')).toContain('comodato d’uso');
    expect(await c.send({ attachments: [PHOTO] })).toContain('telefono');
    expect(await c.press('Salta')).toContain('Controlla i dati');
    expect(c.text).toContain('**Telefono**: —');
    await c.send('conferma');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.attachments).toEqual([PDF, PHOTO]);
    expect(ticket?.fields.telefono).toBeNull();
  });

  it('refuses every invalid answer politely and stays on the same question', async () => {
    const { c } = await start();
    expect(await c.send('RSSMRA80A01')).toContain('16 caratteri (ne ho contati 11)');
    expect(await c.send('RSSMRA80A01H501X')).toContain('carattere di controllo non corrisponde');
    expect(await c.send('RSSMRA8XA01H501U')).toContain('6 lettere, 2 cifre');
    expect(await c.send('RSSMRA80A32H501U')).toContain(
      'data di nascita contenuta nel codice fiscale non esiste',
    );
    expect(await c.send(CF)).toContain('Come ti chiami');
    expect(await c.send('Al')).toContain('troppo corta (almeno 3 caratteri)');
    expect(await c.send('Mario Rossi')).toContain('residenza');
    expect(await c.send('Via Roma')).toContain('manca il numero civico');
    expect(await c.send('Via Roma 12')).toContain('targa');
    expect(await c.send('AB 123 IO')).toContain('non contengono le lettere I, O, Q e U');
    expect(await c.send('AB 12345')).toContain('2 lettere, 3 cifre e 2 lettere');
    expect(await c.send('AB123CD')).toContain('libretto');
    expect(await c.send('te lo porto domani')).toContain('invia il documento come allegato');
    expect(await c.send({ attachments: [{ contentType: 'application/zip', name: 'x.zip' }] })).toContain(
      'non è di un tipo accettato',
    );
    expect(await c.send({ attachments: [{ ...PDF, size: 30 * 1024 * 1024 }] })).toContain('troppo grande');
    expect(await c.send({ attachments: [PDF] })).toContain('intestata a te');
    expect(await c.send('boh')).toContain('rispondi «sì» o «no»');
    expect(await c.send('si')).toContain('telefono');
    expect(await c.send('12345')).toContain('numero di telefono italiano');
    expect(await c.send('0039 333 1234567')).toContain('Controlla i dati');
  });

  it('offers an operator after three invalid answers in a row', async () => {
    const { c, storage } = await start();
    await c.send('non lo so');
    expect(c.choices).toEqual([]);
    await c.send('ancora no');
    const third = await c.send('XXXXXXXXXXXXXXXX');
    expect(third).toContain('un operatore può aiutarti');
    expect(c.choices).toContainEqual({ label: 'Parla con un operatore', value: 'menu:operator' });
    expect(await c.press('Parla con un operatore')).toContain('inoltrato la tua richiesta a un operatore');
    const cases = await storage.list<{ conversation: string }>(HANDOFF_QUEUE);
    expect(cases.map((e) => e.value.conversation)).toEqual(['test:c1']);
  });

  it('"annulla" cancels the form and stores nothing', async () => {
    const { c, storage } = await start();
    await fillUntil(c, 'targa');
    expect(await c.send('annulla')).toContain('ho annullato');
    expect(await storage.list(TICKETS)).toEqual([]);
    expect(await c.send('AB123CD')).not.toContain('libretto');
  });

  it('"indietro" goes back one question showing the current answer, then continues', async () => {
    const { c } = await start();
    await fillUntil(c, 'targa');
    const back = await c.send('indietro');
    expect(back).toContain('indirizzo di residenza');
    expect(back).toContain('Risposta attuale: Via Roma 12');
    expect(await c.send('Via Garibaldi 3')).toContain('targa');
    expect(await c.send('indietro')).toContain('Risposta attuale: Via Garibaldi 3');
    await c.send('indietro');
    await c.send('indietro');
    expect(await c.send('indietro')).toContain('Sei già alla prima domanda');
  });

  it('"aiuto" shows the field’s help and asks again; "menu" offers to continue or leave', async () => {
    const { c } = await start();
    const help = await c.send('aiuto');
    expect(help).toContain('tessera sanitaria');
    expect(help).toContain('Qual è il tuo codice fiscale?');
    expect(await c.send('menu')).toContain('Vuoi continuare o tornare al menu?');
    expect(await c.press('Continua la pratica')).toContain('Qual è il tuo codice fiscale?');
    await c.send('menu');
    expect(await c.press('Torna al menu')).toContain('ho annullato');
  });

  it('a question mid-form is answered by the knowledge base, then the same question is asked again', async () => {
    const { c } = await start();
    await fillUntil(c, 'targa');
    const reply = await c.send('Quanto costa il pass?');
    expect(reply).toContain('KB: il pass sosta residenti costa 30 euro');
    expect(reply).toContain('Torniamo alla pratica');
    expect(reply).toContain('targa dell’auto');
    const feedback = await c.send({ text: 'Sì', value: 'kb:feedback:yes:pass-sosta' });
    expect(feedback).toContain('KB: grazie del riscontro!');
    expect(feedback).toContain('targa dell’auto');
    expect(await c.send('AB123CD')).toContain('libretto');
  });

  it('a question the knowledge base cannot answer counts as an invalid answer', async () => {
    const { c } = await start();
    expect(await c.send('dove lo trovo?')).toContain('La risposta non va bene');
  });

  it('resumes at the same question after a restart (new engine, same storage)', async () => {
    const { c, storage } = await start();
    await fillUntil(c, 'libretto');
    const { engine } = await startEngine(storage);
    const resumed = new Conversation(engine);
    expect(await resumed.send({ attachments: [PDF] })).toContain('intestata a te');
    await resumed.send('sì');
    await resumed.send('333 1234567');
    expect(resumed.text).toContain('**Targa**: AB123CD');
    expect(await resumed.send('conferma')).toContain('ESE-2026-000001');
  });

  it('edits an answer from the summary and returns to the summary', async () => {
    const { c } = await start();
    await fillUntil(c, '');
    await c.send('333 1234567');
    expect(await c.press('Modifica')).toContain('Quale dato vuoi modificare?');
    expect(await c.press('Targa')).toContain('Risposta attuale: AB123CD');
    const summary = await c.send('ZZ 999 ZZ');
    expect(summary).toContain('**Targa**: ZZ999ZZ');
    expect(summary).toContain('Controlla i dati');
  });

  it('starts from a trigger phrase, but leaves plain questions about the service to the knowledge base', async () => {
    const { engine } = await startEngine(new MemoryStorage());
    const c = new Conversation(engine);
    await c.send('ciao');
    expect(await c.send('quanto costa il pass sosta?')).toContain('KB:');
    expect(await c.send('vorrei richiedere il permesso di sosta per residenti')).toContain(
      'Qual è il tuo codice fiscale?',
    );
  });

  it('answers in English when the citizen switched language', async () => {
    const { engine } = await startEngine(new MemoryStorage());
    const c = new Conversation(engine);
    await c.send('ciao');
    await c.send('english');
    expect(await c.send({ text: 'Resident parking pass', value: 'service:pass-sosta-residenti' })).toContain(
      'What is your Italian tax code',
    );
    expect(await c.send('RSSMRA80A01H501X')).toContain('the last check character does not match');
  });
});
