import { matchChoice } from '../../src/channels/render/choices';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { CF, Conversation, startEngine } from './transcript';

/**
 * Building the ranking of nursery schools by pressing their buttons one after another: the form keeps the
 * schools chosen so far in its stored state, offers the others with "Fatto" and "Ricomincia", and completes
 * by itself at the third school.
 */

const CHILD_CF = 'BNCLCU23C14H501T';
const GLICINE = "Scuola dell'infanzia Il Glicine (via dei Mille 15)";
const ARCOBALENO = "Scuola dell'infanzia Arcobaleno (via dei Tigli 4)";
const GIRASOLE = "Scuola dell'infanzia Girasole (piazza Garibaldi 2)";
const PETER_PAN = "Scuola dell'infanzia Peter Pan (frazione Borgonuovo)";

/** A conversation brought to the schools question, in Italian or English. */
async function atSchools(lang: 'it' | 'en', storage = new MemoryStorage()) {
  const { engine } = await startEngine(storage);
  const c = new Conversation(engine);
  await c.send(lang === 'it' ? 'ciao' : 'hello');
  await c.send(lang === 'it' ? 'iscrivere mio figlio alla materna' : 'enrol my child in nursery school');
  for (const answer of [CF, lang === 'it' ? 'Maria Rossi' : 'Mary Smith', 'Luca Bianchi', CHILD_CF])
    await c.send(answer);
  expect(await c.send('14/03/2023')).toContain(lang === 'it' ? 'Quali scuole' : 'Which schools');
  return { c, storage };
}

/** Answers the questions after the schools ("no" disability, no siblings, both working, no ISEE). */
async function toSummary(c: Conversation, lang: 'it' | 'en'): Promise<string> {
  await c.send('no');
  await c.send('no');
  await c.send(lang === 'it' ? 'sì' : 'yes');
  return c.send(lang === 'it' ? 'salta' : 'skip');
}

describe('a ranked choice built by pressing buttons', () => {
  it('adds each pressed school in order and completes by itself at the third', async () => {
    const { c, storage } = await atSchools('it');
    const first = await c.press(GLICINE);
    expect(first).toContain(`Finora: 1. ${GLICINE}.`);
    expect(first).toContain('oppure «Fatto»');
    // The school chosen is no longer offered; "Fatto" (min 1 reached) and "Ricomincia" are.
    expect(c.choices.map((x) => x.label)).toEqual([
      ARCOBALENO,
      GIRASOLE,
      "Scuola dell'infanzia L'Aquilone (via Emilia 120)",
      PETER_PAN,
      'Fatto',
      'Ricomincia',
    ]);
    expect(await c.press(ARCOBALENO)).toContain(`Finora: 1. ${GLICINE}, 2. ${ARCOBALENO}.`);
    expect(await c.press(GIRASOLE)).toContain('disabilità certificata');
    expect(await toSummary(c, 'it')).toContain(
      `**Scuole scelte**: 1. ${GLICINE}; 2. ${ARCOBALENO}; 3. ${GIRASOLE}`,
    );
    await c.press('Conferma e invia');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields.scuole).toEqual(['glicine', 'arcobaleno', 'girasole']);
  });

  it('in English, ends with two schools on “Done”', async () => {
    const { c, storage } = await atSchools('en');
    expect(await c.press('Peter Pan nursery school (Borgonuovo)')).toContain(
      'So far: 1. Peter Pan nursery school (Borgonuovo).',
    );
    expect(await c.press('Girasole nursery school (piazza Garibaldi 2)')).toContain(
      'So far: 1. Peter Pan nursery school (Borgonuovo), 2. Girasole nursery school (piazza Garibaldi 2).',
    );
    expect(c.choices.map((x) => x.label).slice(-2)).toEqual(['Done', 'Start over']);
    expect(await c.press('Done')).toContain('certified disability');
    expect(await toSummary(c, 'en')).toContain(
      '**Chosen schools**: 1. Peter Pan nursery school (Borgonuovo); 2. Girasole nursery school (piazza Garibaldi 2)',
    );
    await c.send('confirm');
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.fields.scuole).toEqual(['peter-pan', 'girasole']);
  });

  it('refuses a school pressed twice, starts over on “Ricomincia”, and lets a typed list replace it all', async () => {
    const { c } = await atSchools('it');
    const glicine = c.choices.find((x) => x.label === GLICINE);
    if (!glicine) throw new Error('no Il Glicine button');
    await c.press(GLICINE);
    // The same button pressed again on the earlier message.
    const again = await c.send({ text: glicine.label, value: glicine.value });
    expect(again).toContain(`«${GLICINE}» è già al posto 1 della tua scelta: scegline un’altra.`);
    expect(again).toContain(`Finora: 1. ${GLICINE}.`);
    await c.press(ARCOBALENO);
    const restarted = await c.press('Ricomincia');
    expect(restarted).toContain('ricominciamo dalla prima');
    expect(restarted).not.toContain('Finora');
    expect(c.choices.map((x) => x.label)).not.toContain('Fatto');
    expect(c.choices).toHaveLength(5);
    await c.press(PETER_PAN);
    // A full list typed replaces the ranking being built.
    expect(await c.send('2, 4')).toContain('disabilità certificata');
    expect(await toSummary(c, 'it')).toContain(`**Scuole scelte**: 1. ${GIRASOLE}; 2. ${GLICINE}`);
  });

  it('in English, refuses a repeat, starts over, and takes a school and “done” typed', async () => {
    const { c } = await atSchools('en');
    const peterPan = c.choices[4];
    if (!peterPan) throw new Error('no fifth school');
    await c.press(peterPan.label);
    expect(await c.send({ text: peterPan.label, value: peterPan.value })).toContain(
      '“Peter Pan nursery school (Borgonuovo)” is already number 1 in your choice: please pick another one.',
    );
    expect(await c.press('Start over')).toContain('let us start again');
    expect(c.choices).toHaveLength(5);
    await c.press(peterPan.label);
    // While a ranking is being built, one school typed adds it and "done" typed ends it.
    expect(await c.send('Arcobaleno')).toContain(
      'So far: 1. Peter Pan nursery school (Borgonuovo), 2. Arcobaleno nursery school (via dei Tigli 4).',
    );
    expect(await c.send('done')).toContain('certified disability');
    expect(await toSummary(c, 'en')).toContain(
      '**Chosen schools**: 1. Peter Pan nursery school (Borgonuovo); 2. Arcobaleno nursery school (via dei Tigli 4)',
    );
  });

  it('keeps the ranking being built across a restart of the engine', async () => {
    const storage = new MemoryStorage();
    const { c } = await atSchools('it', storage);
    await c.press(GLICINE);
    await c.press(ARCOBALENO);
    // A new process on the same storage: the same citizen goes on where they were.
    const { engine } = await startEngine(storage);
    const after = new Conversation(engine, c.ref);
    expect(await after.send('continua')).toContain(`Finora: 1. ${GLICINE}, 2. ${ARCOBALENO}.`);
    expect(after.choices.map((x) => x.label)).not.toContain(GLICINE);
    await after.press(PETER_PAN);
    expect(await toSummary(after, 'it')).toContain(
      `**Scuole scelte**: 1. ${GLICINE}; 2. ${ARCOBALENO}; 3. ${PETER_PAN}`,
    );
  });

  it('on a numbered menu adds one school per number typed, while "4, 1, 2" still gives the whole order', async () => {
    const { c } = await atSchools('it');
    // What the WhatsApp adapters do with a typed number: the option of the menu last shown.
    const type = (text: string) => {
      const choice = matchChoice(text, c.choices);
      return c.send(choice ? { text, value: choice.value } : text);
    };
    expect(await type('4')).toContain(`Finora: 1. ${GLICINE}.`);
    // The menu now lists the four others first: "1" is Arcobaleno.
    expect(await type('1')).toContain(`Finora: 1. ${GLICINE}, 2. ${ARCOBALENO}.`);
    expect(await type('4, 1, 2')).toContain('disabilità certificata');
    expect(await toSummary(c, 'it')).toContain(
      `**Scuole scelte**: 1. ${GLICINE}; 2. ${ARCOBALENO}; 3. ${GIRASOLE}`,
    );
  });

  it('forgets the ranking on "indietro", refuses its buttons at another question, and is edited from the summary', async () => {
    const { c } = await atSchools('it');
    const stale = c.choices[0];
    if (!stale) throw new Error('no school button');
    await c.press(GLICINE);
    expect(await c.send('indietro')).toContain('Quando è nato');
    expect(await c.send('14/03/2023')).not.toContain('Finora');
    await c.press(GIRASOLE);
    await c.press('Fatto');
    // A school button of the earlier question, pressed at the next one.
    expect(await c.send({ text: stale.label, value: stale.value })).toContain('Questo pulsante non vale più');
    expect(await toSummary(c, 'it')).toContain(`**Scuole scelte**: 1. ${GIRASOLE}`);
    await c.press('Modifica');
    expect(await c.press('Scuole scelte')).toContain(`Risposta attuale: 1. ${GIRASOLE}`);
    await c.press(PETER_PAN);
    await c.press(GLICINE);
    expect(await c.press('Fatto')).toContain('Controlla i dati');
    expect(c.text).toContain(`**Scuole scelte**: 1. ${PETER_PAN}; 2. ${GLICINE}`);
  });
});
