import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { CF, Conversation, PDF, startEngine } from './transcript';

/** A child's codice fiscale (born 14 March 2023) with its right check character. */
const CHILD_CF = 'BNCLCU23C14H501T';

describe('iscrizione scuola dell’infanzia transcript', () => {
  it('completes to a protocol number, keeping the schools in the order of preference', async () => {
    const storage = new MemoryStorage();
    const { engine } = await startEngine(storage);
    const c = new Conversation(engine, { channel: 'telegram', conversationId: '77', userId: '77' });
    await c.send('ciao');
    expect(await c.send('vorrei iscrivere mio figlio alla materna')).toContain('tuo codice fiscale');
    expect(await c.send(CF)).toContain('Come ti chiami');
    expect(await c.send('Maria Rossi')).toContain('Come si chiama il bambino');
    expect(await c.send('Luca Bianchi')).toContain('codice fiscale del bambino');
    expect(await c.send(CHILD_CF)).toContain('Quando è nato');
    // Born in 2021: too old for the 2027/28 school year.
    expect(await c.send('10/06/2021')).toMatch(/non può essere precedente al 01\/01\/2022/);
    expect(await c.send('14/03/2023')).toContain('in ordine di preferenza');
    // Each school is a button that adds it to the ranking being built.
    expect(c.choices.map((x) => x.value)).toEqual([
      'form:rank:arcobaleno',
      'form:rank:girasole',
      'form:rank:aquilone',
      'form:rank:glicine',
      'form:rank:peter-pan',
    ]);
    expect(await c.send('4, 1, 4')).toMatch(/compare due volte/);
    expect(await c.send('1, 2, 3, 4')).toMatch(/al massimo 3/);
    expect(await c.send('Scuola Pinocchio, Girasole')).toMatch(/«Scuola Pinocchio» non è tra le opzioni/);
    expect(await c.send('4, 1, Girasole')).toContain('disabilità certificata');
    expect(await c.send('sì')).toContain('certificato');
    expect(await c.send({ attachments: [PDF] })).toContain('fratelli o sorelle');
    expect(await c.send('no')).toContain('Lavorano entrambi');
    expect(await c.send('sì')).toContain('ISEE');
    const summary = await c.send('12500');
    expect(summary).toContain(
      "**Scuole scelte**: 1. Scuola dell'infanzia Il Glicine (via dei Mille 15); 2. Scuola dell'infanzia Arcobaleno (via dei Tigli 4); 3. Scuola dell'infanzia Girasole (piazza Garibaldi 2)",
    );
    expect(summary).toContain('**Data di nascita**: 14/03/2023');
    expect(await c.press('Conferma e invia')).toContain('**ESE-2026-000001**');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket).toMatchObject({
      service: 'iscrizione-scuola-infanzia',
      fields: {
        genitore_cf: CF,
        bambino_cf: CHILD_CF,
        bambino_nascita: '2023-03-14',
        scuole: ['glicine', 'arcobaleno', 'girasole'],
        disabilita: true,
        fratelli: false,
        genitori_lavoratori: true,
        isee: 12500,
      },
      attachments: [PDF],
    });
  });

  it('in English, takes one school by name, does not ask for a certificate and lets the ISEE be skipped', async () => {
    const storage = new MemoryStorage();
    const { engine } = await startEngine(storage);
    const c = new Conversation(engine);
    await c.send('hello');
    expect(await c.send('I want to enrol my child in nursery school')).toContain('tax code');
    await c.send(CF);
    await c.send('Mary Smith');
    await c.send('Luke Smith');
    await c.send(CHILD_CF);
    // An early entrant (anticipatario), born by 30 April 2025.
    expect(await c.send('20/04/2025')).toContain('order of preference');
    expect(await c.send('Peter Pan')).toContain('certified disability');
    expect(await c.send('no')).toContain('brothers or sisters');
    await c.send('yes');
    expect(await c.send('no')).toContain('ISEE');
    const summary = await c.send('skip');
    expect(summary).toContain('**Chosen schools**: 1. Peter Pan nursery school (Borgonuovo)');
    expect(summary).not.toContain('certificate');
    await c.send('confirm');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields).toMatchObject({ scuole: ['peter-pan'], disabilita: false, isee: null });
  });

  it('speaks English throughout: schools, criteria, the summary, the refusal, the ticket and its status', async () => {
    const storage = new MemoryStorage();
    const { engine } = await startEngine(storage);
    const c = new Conversation(engine);
    await c.send('hello');
    await c.send('enrol my child in nursery school');
    await c.send(CF);
    await c.send('Mary Smith');
    await c.send('Luke Smith');
    await c.send(CHILD_CF);
    expect(await c.send('14/03/2023')).toContain('Which schools do you prefer?');
    expect(c.choices.map((x) => x.label)).toEqual([
      'Arcobaleno nursery school (via dei Tigli 4)',
      'Girasole nursery school (piazza Garibaldi 2)',
      "L'Aquilone nursery school (via Emilia 120)",
      'Il Glicine nursery school (via dei Mille 15)',
      'Peter Pan nursery school (Borgonuovo)',
    ]);
    // A school named twice is refused with its English name.
    expect(await c.send('4, Il Glicine')).toContain(
      '“Il Glicine nursery school (via dei Mille 15)” appears twice',
    );
    expect(await c.send('2, Arcobaleno nursery school, Peter Pan')).toContain('certified disability');
    expect(await c.send('yes')).toContain('send the certificate');
    expect(await c.send('skip')).toContain('brothers or sisters');
    expect(await c.send('yes')).toContain('Do both parents');
    expect(await c.send('no')).toContain('ISEE value');
    const summary = await c.send('12500');
    for (const line of [
      "**Parent's tax code**: RSSMRA80A01H501U",
      '**Child**: Luke Smith',
      "**Child's tax code**: BNCLCU23C14H501T",
      '**Date of birth**: 14/03/2023',
      '**Chosen schools**: 1. Girasole nursery school (piazza Garibaldi 2); 2. Arcobaleno nursery school (via dei Tigli 4); 3. Peter Pan nursery school (Borgonuovo)',
      '**Certified disability**: Yes',
      '**Siblings already enrolled**: Yes',
      '**Both parents working**: No',
      '**ISEE value (€)**: 12,500',
    ])
      expect(summary).toContain(line);
    expect(summary).not.toMatch(/Scuola dell|Sì|Genitor/);
    expect(await c.send('confirm')).toContain('Application sent! The protocol number is **ESE-2026-000001**');
    expect(await c.send('status ESE-2026-000001')).toContain(
      'Request **ESE-2026-000001** (Nursery school enrolment), submitted on 23/11/2026: status “received”',
    );
    // The office reads the ticket in Italian, whatever the citizen spoke.
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.lang).toBe('en');
    expect(ticket?.summary.find((f) => f.id === 'scuole')?.text).toBe(
      "1. Scuola dell'infanzia Girasole (piazza Garibaldi 2); 2. Scuola dell'infanzia Arcobaleno (via dei Tigli 4); 3. Scuola dell'infanzia Peter Pan (frazione Borgonuovo)",
    );
  });
});
