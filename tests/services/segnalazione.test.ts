import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { Conversation, PDF, PHOTO, startEngine } from './transcript';

const PLACE = { latitude: 44.49381, longitude: 11.33875 };

async function start(storage = new MemoryStorage()) {
  const { engine } = await startEngine(storage);
  const c = new Conversation(engine, { channel: 'telegram', conversationId: '4242', userId: '4242' });
  await c.send('ciao');
  const first = await c.send({ text: 'Segnala un problema', value: 'service:segnalazione' });
  return { storage, c, first };
}

describe('segnalazione transcript', () => {
  it('happy path with a shared location and a photo: the ticket keeps both', async () => {
    const { c, storage, first } = await start();
    expect(first).toContain('Di che tipo di problema si tratta?');
    expect(c.choices.map((x) => x.value)).toEqual([
      'illuminazione',
      'strade',
      'segnaletica',
      'rifiuti',
      'verde',
      'altro',
    ]);
    expect(await c.press('Illuminazione pubblica')).toContain('pericoloso per chi passa');
    expect(await c.send('no')).toContain('Invia la posizione');
    expect(await c.send({ location: PLACE })).toContain('invia una foto');
    expect(c.choices).toContainEqual({ label: 'Salta', value: 'form:skip' });
    expect(await c.send({ attachments: [PHOTO] })).toContain('Descrivi brevemente');
    expect(await c.send('Il lampione davanti al civico 8 è spento da una settimana')).toContain(
      'aggiornamenti anche via e-mail',
    );
    expect(await c.send('sì')).toContain('indirizzo e-mail');
    const summary = await c.send('Mario.Rossi@Esempio.IT');
    expect(summary).toContain('**Luogo**: posizione 44.49381, 11.33875');
    expect(summary).toContain('**E-mail**: Mario.Rossi@esempio.it');
    expect(await c.press('Conferma e invia')).toContain('**ESE-2026-000001**');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket).toMatchObject({
      service: 'segnalazione',
      channel: 'telegram',
      fields: { categoria: 'illuminazione', pericolo: false, luogo: PLACE, ricontatto: true },
      attachments: [PHOTO],
    });
  });

  it('accepts a typed address, skips the photo and the e-mail, and does not ask about danger for waste', async () => {
    const { c, storage } = await start();
    expect(await c.send('rifiuti')).toContain('Dove si trova?');
    expect(await c.send('Parcheggio di via Emilia 45, vicino alla fermata')).toContain('foto');
    expect(await c.send('salta')).toContain('Descrivi');
    await c.send('Sacchi di rifiuti abbandonati accanto ai cassonetti');
    expect(await c.send('no')).toContain('Controlla i dati');
    expect(c.text).not.toContain('Pericolo');
    await c.send('conferma');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields).toEqual({
      categoria: 'rifiuti',
      luogo: { address: 'Parcheggio di via Emilia 45, vicino alla fermata' },
      foto: null,
      descrizione: 'Sacchi di rifiuti abbandonati accanto ai cassonetti',
      ricontatto: false,
    });
  });

  it('refuses every invalid answer with its reason', async () => {
    const { c } = await start();
    expect(await c.send('fontana')).toContain('scegli una delle opzioni proposte');
    expect(await c.send('2')).toContain('pericoloso');
    expect(await c.send('forse')).toContain('rispondi «sì» o «no»');
    await c.send('sì');
    expect(await c.send({ location: { latitude: 123, longitude: 11 } })).toContain(
      'posizione ricevuta non è valida',
    );
    expect(await c.send('qui')).toContain('invia la posizione');
    await c.send({ location: PLACE });
    expect(await c.send({ attachments: [PDF] })).toContain('non è una foto');
    expect(await c.send('non ho foto')).toContain('invia una foto');
    await c.send({ attachments: [PHOTO] });
    expect(await c.send('buca')).toContain('almeno 10 caratteri');
    await c.send('Buca profonda in mezzo alla carreggiata');
    await c.send('si');
    expect(await c.send('mario@')).toContain('e-mail non sembra valido');
    expect(await c.send('mario@esempio.it')).toContain('Controlla i dati');
  });

  it('cancel, back, FAQ interruption and restart', async () => {
    const { c, storage } = await start();
    const faq = await c.send('Quanto costa il pass sosta?');
    expect(faq).toContain('KB:');
    expect(faq).toContain('Di che tipo di problema si tratta?');
    await c.send('strade');
    expect(await c.send('indietro')).toContain('Risposta attuale: Strade e marciapiedi (buche)');
    await c.send('altro');
    expect(c.text).toContain('Dove si trova?'); // "altro" has no danger question

    const { engine } = await startEngine(storage);
    const after = new Conversation(engine, c.ref);
    expect(await after.send({ location: PLACE })).toContain('foto');
    expect(await after.send('annulla')).toContain('ho annullato');
    expect(await storage.list(TICKETS)).toEqual([]);
  });
});
