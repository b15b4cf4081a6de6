import { SLOT_BOOKINGS } from '../../src/services/slots';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { Conversation, startEngine } from './transcript';

/**
 * Moving and cancelling a booked appointment from the chat, in Italian and English, on the desks fixture
 * (tests/fixtures/services/desks). Now is Monday 23/11/2026 09:00.
 */

const DIR = 'tests/fixtures/services/desks';

async function citizen(storage: MemoryStorage, user: string, lang: 'it' | 'en' = 'it') {
  const { engine, services } = await startEngine(storage, { dir: DIR });
  const c = new Conversation(engine, { channel: 'webchat', conversationId: `c-${user}`, userId: user });
  await c.send('ciao');
  if (lang === 'en') await c.send('english');
  return { c, services };
}

/** Books Stato civile (or the registry desk) at the slot button value given; resolves the protocol. */
async function book(c: Conversation, desk: string, slot: string): Promise<string> {
  await c.send({ text: 'Appuntamento', value: 'service:prenota-sportello' });
  await c.send({ text: desk, value: `form:desk:${desk}` });
  await c.send({ text: slot, value: `form:slot:${desk}@${slot}` });
  await c.send('Anna Bianchi');
  const done = await c.send('conferma');
  const protocol = /ESE-\d{4}-\d{6}/.exec(done)?.[0];
  if (!protocol) throw new Error(`no protocol in: ${done}`);
  return protocol;
}

async function places(storage: MemoryStorage): Promise<string[]> {
  return (await storage.list(SLOT_BOOKINGS)).map((e) => e.key.replace(/#\d+$/, '')).sort();
}

describe('moving and cancelling an appointment from the chat', () => {
  it('moves it to a free time of the same desk: the old place is free at once, the history tells', async () => {
    const storage = new MemoryStorage();
    const { c, services } = await citizen(storage, 'anna');
    const protocol = await book(c, 'stato-civile', '2026-12-03T10:00');

    const offer = await c.send('vorrei spostare l’appuntamento');
    expect(offer).toContain(
      'Il tuo appuntamento «Appuntamento in Comune» è Stato civile, giovedì 03/12/2026 ore 10:00',
    );
    expect(c.choices.map((x) => x.value)).not.toContain('form:slot:stato-civile@2026-12-03T10:00');
    expect(c.choices[0]).toEqual({
      label: 'giovedì 03/12/2026 ore 11:00',
      value: 'form:slot:stato-civile@2026-12-03T11:00',
    });
    const moved = await c.press('giovedì 03/12/2026 ore 11:00');
    expect(moved).toContain(`è stato spostato a Stato civile, giovedì 03/12/2026 ore 11:00`);

    const ticket = await services.tickets.get(protocol);
    expect(ticket?.fields.quando).toBe('stato-civile@2026-12-03T11:00');
    expect(ticket?.summary[0]?.text).toBe('Stato civile, giovedì 03/12/2026 ore 11:00');
    expect(ticket?.status).toBe('received');
    expect(ticket?.history.at(-1)).toMatchObject({
      status: 'received',
      by: 'citizen',
      note: 'Appuntamento spostato dal cittadino: da Stato civile, giovedì 03/12/2026 ore 10:00 a Stato civile, giovedì 03/12/2026 ore 11:00',
    });
    expect(await places(storage)).toEqual(['prenota-sportello:quando@stato-civile:2026-12-03T11:00']);

    // The freed 10:00 (capacity 1) is offered to the next citizen straight away.
    const { c: bruno } = await citizen(storage, 'bruno');
    await bruno.send({ text: 'Appuntamento', value: 'service:prenota-sportello' });
    await bruno.press('Stato civile');
    expect(bruno.choices[0]?.value).toBe('form:slot:stato-civile@2026-12-03T10:00');
    expect(bruno.choices.map((x) => x.value)).not.toContain('form:slot:stato-civile@2026-12-03T11:00');
  });

  it('cancels it after a confirmation: the ticket is cancelled and the place free again', async () => {
    const storage = new MemoryStorage();
    const { c, services } = await citizen(storage, 'carla');
    const protocol = await book(c, 'anagrafe', '2026-11-24T09:00');
    const ask = await c.send('annulla appuntamento');
    expect(ask).toContain(
      `Vuoi davvero disdire l’appuntamento «Appuntamento in Comune» di Anagrafe — carta d’identità, martedì 24/11/2026 ore 09:00 (pratica ${protocol})?`,
    );
    expect(await c.press('No, lo tengo')).toContain('il tuo appuntamento resta');
    expect((await services.tickets.get(protocol))?.status).toBe('received');

    await c.send('disdici il mio appuntamento');
    expect(await c.press('Sì, disdici')).toContain(`Appuntamento disdetto (pratica ${protocol})`);
    const ticket = await storage.get<Ticket>(TICKETS, protocol);
    expect(ticket?.status).toBe('cancelled');
    expect(ticket?.history.at(-1)).toMatchObject({ status: 'cancelled', by: 'citizen' });
    expect(await places(storage)).toEqual([]);
    // Nothing left to move or cancel.
    expect(await c.send('sposta appuntamento')).toContain('Non hai appuntamenti in programma.');
  });

  it('lists several appointments with a move and a cancel button each, and a number picks one', async () => {
    const storage = new MemoryStorage();
    const { c } = await citizen(storage, 'dario');
    const first = await book(c, 'anagrafe', '2026-11-25T09:30');
    const second = await book(c, 'stato-civile', '2026-12-03T11:00');
    const list = await c.send('i miei appuntamenti');
    expect(list).toContain('I tuoi prossimi appuntamenti:');
    expect(list.indexOf(first)).toBeLessThan(list.indexOf(second)); // soonest first
    expect(c.choices.map((x) => x.value)).toEqual([
      `appointment:move:${first}`,
      `appointment:cancel:${first}`,
      `appointment:move:${second}`,
      `appointment:cancel:${second}`,
    ]);
    await c.send('annulla');
    await c.send('sposta appuntamento');
    expect(c.text).toContain('Quale appuntamento vuoi spostare?');
    expect(await c.send('2')).toContain('Stato civile, giovedì 03/12/2026 ore 11:00');
  });

  it('speaks English, and a citizen without bookings is told so', async () => {
    const storage = new MemoryStorage();
    const { c: nobody } = await citizen(storage, 'nobody', 'en');
    expect(await nobody.send('cancel my appointment')).toContain('You have no upcoming appointments.');

    const { c, services } = await citizen(storage, 'emma', 'en');
    const protocol = await book(c, 'anagrafe', '2026-11-24T09:30');
    expect(await c.send('reschedule my appointment')).toContain('Here are other free times');
    expect(await c.press('Wednesday 25/11/2026 at 09:00')).toContain(
      'is now on Registry — identity card, Wednesday 25/11/2026 at 09:00',
    );
    expect(await c.send('cancel my appointment')).toContain('Do you really want to cancel');
    expect(await c.press('Yes, cancel it')).toContain('you will get no reminder');
    expect((await services.tickets.get(protocol))?.status).toBe('cancelled');
  });

  it('tells politely that a time taken meanwhile is gone and offers the others', async () => {
    const storage = new MemoryStorage();
    const { c } = await citizen(storage, 'fabio');
    await book(c, 'stato-civile', '2026-12-03T10:00');
    await c.send('sposta appuntamento');
    // Someone else takes 11:00 while Fabio reads the list.
    const { c: gina } = await citizen(storage, 'gina');
    await book(gina, 'stato-civile', '2026-12-03T11:00');
    const refused = await c.press('giovedì 03/12/2026 ore 11:00');
    expect(refused).toContain('quell’orario è stato appena prenotato da un’altra persona');
    expect(c.choices.map((x) => x.value)).not.toContain('form:slot:stato-civile@2026-12-03T11:00');
    expect(c.choices[0]?.value).toBe('form:slot:stato-civile@2026-12-10T10:00');
  });

  it('lets only one of two citizens moving into the last place at once have it', async () => {
    const storage = new MemoryStorage();
    const { c: a, services } = await citizen(storage, 'ivo');
    const { c: b } = await citizen(storage, 'lia');
    const first = await book(a, 'stato-civile', '2026-12-03T10:00');
    const second = await book(b, 'stato-civile', '2026-12-10T10:00');
    const to = { key: 'prenota-sportello:quando@stato-civile:2026-12-03T11:00', capacity: 1 };
    const move = (protocol: string, from: string) =>
      services.tickets.moveAppointment(protocol, {
        step: 'quando',
        value: 'stato-civile@2026-12-03T11:00',
        text: 'Stato civile, giovedì 03/12/2026 ore 11:00',
        from: `prenota-sportello:quando@stato-civile:${from}`,
        to,
        note: 'spostato',
      });
    const results = await Promise.allSettled([
      move(first, '2026-12-03T10:00'),
      move(second, '2026-12-10T10:00'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'slot_taken' } });
    // The loser keeps the place it had; the winner's old place is free.
    expect(await places(storage)).toHaveLength(2);
    expect(await places(storage)).toContain(to.key);
  });
});
