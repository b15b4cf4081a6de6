import { ticketsCsv } from '../../../src/services/backoffice/csv';
import type { Ticket } from '../../../src/services/tickets/ticket';
import { TICKETS } from '../../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { CF, Conversation, startEngine } from '../transcript';

/** A child's codice fiscale (born 14 March 2023) with its right check character. */
const CHILD_CF = 'BNCLCU23C14H501T';

/** The nursery school form up to its summary, the schools given as `schools`. */
async function enrol(c: Conversation, lang: 'it' | 'en', schools: string): Promise<void> {
  await c.send(lang === 'it' ? 'ciao' : 'hello');
  await c.send(
    lang === 'it' ? 'vorrei iscrivere mio figlio alla materna' : 'enrol my child in nursery school',
  );
  await c.send(CF);
  await c.send(lang === 'it' ? 'Maria Rossi' : 'Mary Smith');
  await c.send(lang === 'it' ? 'Luca Bianchi' : 'Luke Smith');
  await c.send(CHILD_CF);
  await c.send('14/03/2023');
  await c.send(schools);
  await c.send('no');
  await c.send('no');
  await c.send(lang === 'it' ? 'sì' : 'yes');
  await c.send(lang === 'it' ? 'salta' : 'skip');
}

/** The cells of a CSV line whose cells hold no comma nor quote (checked). */
function cells(line: string): string[] {
  expect(line).not.toContain('"');
  return line.split(',');
}

describe('the back office CSV of a ranked answer', () => {
  it('writes the schools as one readable cell, in the order chosen, in Italian whatever the citizen spoke', async () => {
    const storage = new MemoryStorage();
    const { engine } = await startEngine(storage);
    await enrol(
      new Conversation(engine, { channel: 'test', conversationId: 'it', userId: 'it' }),
      'it',
      'Girasole poi 5, 1',
    );
    const english = new Conversation(engine, { channel: 'test', conversationId: 'en', userId: 'en' });
    await enrol(english, 'en', 'Il Glicine, Arcobaleno');
    await english.send('confirm');
    // The Italian citizen confirms last: the export keeps each ticket's own order.
    await new Conversation(engine, { channel: 'test', conversationId: 'it', userId: 'it' }).send('conferma');

    const tickets = (await Promise.all(
      ['ESE-2026-000001', 'ESE-2026-000002'].map((p) => storage.get<Ticket>(TICKETS, p)),
    )) as Ticket[];
    expect(tickets.map((t) => t?.lang)).toEqual(['en', 'it']);
    const [header, ...rows] = ticketsCsv(tickets)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    const column = cells(header ?? '').indexOf('Scuole scelte [scuole]');
    expect(column).toBeGreaterThan(0);
    expect(rows.map((r) => cells(r)[column])).toEqual([
      "1. Scuola dell'infanzia Il Glicine (via dei Mille 15); 2. Scuola dell'infanzia Arcobaleno (via dei Tigli 4)",
      "1. Scuola dell'infanzia Girasole (piazza Garibaldi 2); 2. Scuola dell'infanzia Peter Pan (frazione Borgonuovo); 3. Scuola dell'infanzia Arcobaleno (via dei Tigli 4)",
    ]);
  });
});
