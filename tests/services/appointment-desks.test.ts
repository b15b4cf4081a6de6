import { SLOT_BOOKINGS } from '../../src/services/slots';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { Conversation, startEngine } from './transcript';

/**
 * An appointment field with two desks (tests/fixtures/services/desks): the citizen picks the desk, then one of
 * that desk's own times; each desk keeps its own weekdays, closed days and capacity. Now is Monday 23/11/2026.
 */

const DIR = 'tests/fixtures/services/desks';

async function start(storage: MemoryStorage, user: string, lang: 'it' | 'en' = 'it') {
  const { engine } = await startEngine(storage, { dir: DIR });
  const c = new Conversation(engine, { channel: 'webchat', conversationId: `c-${user}`, userId: user });
  await c.send('ciao');
  if (lang === 'en') await c.send('english');
  const first = await c.send({ text: 'Appuntamento', value: 'service:prenota-sportello' });
  return { c, first };
}

describe('an appointment with several desks', () => {
  it('asks the desk first, then offers that desk’s times and books a place there', async () => {
    const storage = new MemoryStorage();
    const { c, first } = await start(storage, 'anna');
    expect(first).toContain('Scegli prima lo sportello:');
    expect(c.choices).toEqual([
      { label: 'Anagrafe — carta d’identità', value: 'form:desk:anagrafe' },
      { label: 'Stato civile', value: 'form:desk:stato-civile' },
    ]);
    // Stato civile opens on Thursdays only, and Thursday 26/11 is closed: the first time is 03/12.
    expect(await c.press('Stato civile')).toContain('Ecco i primi orari liberi');
    expect(c.choices.slice(0, 2)).toEqual([
      { label: 'giovedì 03/12/2026 ore 10:00', value: 'form:slot:stato-civile@2026-12-03T10:00' },
      { label: 'giovedì 03/12/2026 ore 11:00', value: 'form:slot:stato-civile@2026-12-03T11:00' },
    ]);
    expect(c.choices.at(-1)).toEqual({ label: 'Altro sportello', value: 'form:desks' });
    await c.press('giovedì 03/12/2026 ore 10:00');
    const summary = await c.send('Anna Bianchi');
    expect(summary).toContain('**Sportello, giorno e ora**: Stato civile, giovedì 03/12/2026 ore 10:00');
    expect(await c.send('conferma')).toContain('ESE-2026-000001');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields.quando).toBe('stato-civile@2026-12-03T10:00');
    expect(ticket?.summary[0]?.text).toBe('Stato civile, giovedì 03/12/2026 ore 10:00');
    expect(ticket?.bookings).toEqual(['prenota-sportello:quando@stato-civile:2026-12-03T10:00#1']);

    // Capacity 1 at Stato civile: the time is gone for the next citizen, while the registry desk is untouched.
    const { c: bruno } = await start(storage, 'bruno');
    await bruno.press('Stato civile');
    expect(bruno.choices.map((x) => x.value)).not.toContain('form:slot:stato-civile@2026-12-03T10:00');
    await bruno.press('Altro sportello');
    expect(bruno.text).toContain('Scegli prima lo sportello:');
    await bruno.press('Anagrafe — carta d’identità');
    expect(bruno.choices[0]).toEqual({
      label: 'martedì 24/11/2026 ore 09:00',
      value: 'form:slot:anagrafe@2026-11-24T09:00',
    });
  });

  it('takes a desk typed by name or number and refuses anything else politely', async () => {
    const { c } = await start(new MemoryStorage(), 'carla');
    const refused = await c.send('ufficio tributi');
    expect(refused).toContain('scegli uno degli sportelli proposti');
    expect(c.choices.map((x) => x.value)).toContain('form:desk:anagrafe');
    await c.send('2');
    expect(c.choices[0]?.label).toBe('giovedì 03/12/2026 ore 10:00');
    await c.press('Altro sportello');
    await c.send('anagrafe carta d identita');
    expect(c.choices[0]?.label).toBe('martedì 24/11/2026 ore 09:00');
    // A day typed shows that desk's times on that day.
    expect(await c.send('mercoledì')).toContain('Orari liberi mercoledì 25/11/2026');
    expect(c.choices.map((x) => x.value)).toContain('form:slot:anagrafe@2026-11-25T09:30');
  });

  it('speaks English', async () => {
    const { c, first } = await start(new MemoryStorage(), 'dan', 'en');
    expect(first).toContain('First choose the desk:');
    expect(c.choices.map((x) => x.label)).toEqual(['Registry — identity card', 'Civil status']);
    await c.press('Civil status');
    expect(c.choices[0]?.label).toBe('Thursday 03/12/2026 at 10:00');
    expect(c.choices.at(-1)?.label).toBe('Another desk');
    await c.press('Thursday 03/12/2026 at 10:00');
    expect(await c.send('Dan Brown')).toContain('Civil status, Thursday 03/12/2026 at 10:00');
  });

  it('keeps an old single-calendar `slots:` dialog as it was', async () => {
    const storage = new MemoryStorage();
    const { engine } = await startEngine(storage, { dir: DIR });
    const c = new Conversation(engine, { channel: 'webchat', conversationId: 'c-old', userId: 'old' });
    await c.send('ciao');
    await c.send({ text: 'Certificati', value: 'service:certificati' });
    expect(c.choices[0]).toEqual({
      label: 'martedì 24/11/2026 ore 12:00',
      value: 'form:slot:2026-11-24T12:00',
    });
    expect(c.choices.map((x) => x.value)).not.toContain('form:desks');
    await c.press('martedì 24/11/2026 ore 12:00');
    expect(await c.send('conferma')).toContain('ESE-2026-000001');
    expect((await storage.list(SLOT_BOOKINGS)).map((e) => e.key)).toEqual([
      expect.stringMatching(/^certificati:data:2026-11-24T12:00#[123]$/),
    ]);
  });
});
