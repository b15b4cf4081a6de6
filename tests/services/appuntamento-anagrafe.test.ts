import { SLOT_BOOKINGS } from '../../src/services/slots';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { Conversation, startEngine } from './transcript';

async function start(storage = new MemoryStorage(), user = 'u1') {
  const { engine } = await startEngine(storage);
  const c = new Conversation(engine, { channel: 'webchat', conversationId: `c-${user}`, userId: user });
  await c.send('ciao');
  const first = await c.send({ text: 'Appuntamento', value: 'service:appuntamento-anagrafe' });
  return { storage, c, first };
}

async function book(c: Conversation, slotValue: string): Promise<string> {
  await c.send('cie');
  await c.press(slotValue);
  await c.send('Anna Bianchi');
  await c.send('+39 051 123456');
  await c.send('salta');
  return c.send('conferma');
}

describe('appuntamento-anagrafe transcript', () => {
  it('happy path: offers the first free slots (after the notice period) and books one', async () => {
    const { c, storage, first } = await start();
    expect(first).toContain('Per quale servizio');
    const slots = await c.press('Carta d’identità elettronica');
    expect(slots).toContain('Ecco i primi orari liberi');
    // Now is Monday 23/11 09:00 with 12 hours notice: Tuesday 09:00 is the first free slot.
    expect(c.choices.slice(0, 2)).toEqual([
      { label: 'martedì 24/11/2026 ore 09:00', value: 'form:slot:2026-11-24T09:00' },
      { label: 'martedì 24/11/2026 ore 09:30', value: 'form:slot:2026-11-24T09:30' },
    ]);
    expect(await c.press('martedì 24/11/2026 ore 09:30')).toContain('nome e cognome');
    await c.send('Anna Bianchi');
    expect(await c.send('051 123456')).toContain('e-mail per il promemoria');
    const summary = await c.press('Salta');
    expect(summary).toContain('**Giorno e ora**: martedì 24/11/2026 ore 09:30');
    expect(summary).toContain('**Servizio**: Carta d’identità elettronica');
    expect(await c.send('conferma')).toContain('Appuntamento prenotato! Numero **ESE-2026-000001**');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields).toMatchObject({
      servizio: 'cie',
      data: '2026-11-24T09:30',
      telefono: '+39051123456',
      email: null,
    });
    // One place of the slot's two is taken, by this ticket.
    const places = await storage.list(SLOT_BOOKINGS, {
      prefix: 'appuntamento-anagrafe:data:2026-11-24T09:30#',
    });
    expect(places.map((p) => p.value)).toEqual([{ protocol: 'ESE-2026-000001' }]);
    expect(ticket?.bookings).toEqual([places[0]?.key]);
  });

  it('a typed day shows its free times; a day with a time picks it directly; Saturday is closed', async () => {
    const { c } = await start();
    await c.send('certificati');
    const thursday = await c.send('giovedì');
    expect(thursday).toContain('Orari liberi giovedì 26/11/2026');
    expect(c.choices[0]).toEqual({
      label: 'giovedì 26/11/2026 ore 09:00',
      value: 'form:slot:2026-11-26T09:00',
    });
    expect(c.choices).toHaveLength(7);
    const saturday = await c.send('sabato');
    expect(saturday).toContain('Sabato 28/11/2026 l’ufficio è chiuso.');
    expect(await c.send('giovedì alle 10:30')).toContain('nome e cognome');
    await c.send('indietro');
    expect(c.text).toContain('Risposta attuale: giovedì 26/11/2026 ore 10:30');
  });

  it('never overbooks a slot: capacity 2, the third citizen is told it filled up and picks another', async () => {
    const storage = new MemoryStorage();
    const slot = 'form:slot:2026-11-24T09:00';
    const late = await start(storage, 'late');
    await late.c.send('cie');
    await late.c.press(slot); // still free when chosen
    await late.c.send('Luca Verdi');
    await late.c.send('333 7654321');
    expect(await late.c.send('salta')).toContain('Controlla i dati');

    expect(await book((await start(storage, 'a')).c, slot)).toContain('ESE-2026-000001');
    expect(await book((await start(storage, 'b')).c, slot)).toContain('ESE-2026-000002');
    const third = await start(storage, 'c');
    await third.c.send('cie');
    expect(third.c.choices.map((x) => x.value)).not.toContain(slot);

    const refused = await late.c.send('conferma');
    expect(refused).toContain('quell’orario è stato prenotato da un’altra persona');
    expect(late.c.choices.map((x) => x.value)).not.toContain(slot);
    const places = await storage.list(SLOT_BOOKINGS, {
      prefix: 'appuntamento-anagrafe:data:2026-11-24T09:00#',
    });
    expect(places.map((p) => p.key).sort()).toEqual([
      'appuntamento-anagrafe:data:2026-11-24T09:00#1',
      'appuntamento-anagrafe:data:2026-11-24T09:00#2',
    ]);
    await late.c.press('form:slot:2026-11-24T09:30');
    expect(late.c.text).toContain('Controlla i dati');
    expect(await late.c.send('conferma')).toContain('ESE-2026-000003');
  });

  it('refuses every invalid answer with its reason', async () => {
    const { c } = await start();
    expect(await c.send('passaporto')).toContain('scegli una delle opzioni');
    await c.send('autentica');
    expect(await c.send('presto')).toContain('scegli uno degli orari proposti');
    await c.press('form:slot:2026-11-24T10:00');
    expect(await c.send('A')).toContain('troppo corta');
    await c.send('Anna Bianchi');
    expect(await c.send('123')).toContain('numero di telefono italiano');
    await c.send('3331234567');
    expect(await c.send('anna at esempio')).toContain('e-mail non sembra valido');
    expect(await c.send('anna@esempio.it')).toContain('Controlla i dati');
    expect(await c.send('boh')).toContain('Scegli «Conferma e invia»');
  });

  it('asks again politely when the day typed is a name every object has ("constructor", "__proto__")', async () => {
    const { c } = await start();
    await c.send('certificati');
    for (const text of ['constructor', '__proto__', 'toString'])
      expect(await c.send(text)).toContain('scegli uno degli orari proposti');
  });

  it('cancel, back, FAQ interruption and restart keep the booking consistent', async () => {
    const { c, storage } = await start();
    expect(await c.send('Quanto costa la carta d’identità?')).toContain('KB:');
    expect(c.text).toContain('Per quale servizio');
    await c.send('residenza');
    expect(await c.send('mercoledì ore 11')).toContain('nome e cognome');
    expect(await c.send('indietro')).toContain('Risposta attuale: mercoledì 25/11/2026 ore 11:00');
    const { engine } = await startEngine(storage);
    const after = new Conversation(engine, c.ref);
    expect(await after.send('mercoledì alle 11:30')).toContain('nome e cognome');
    expect(await after.send('annulla')).toContain('ho annullato');
    expect(await storage.list(SLOT_BOOKINGS)).toEqual([]);
  });
});
