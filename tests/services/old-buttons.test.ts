import type { Engine } from '../../src/engine/engine';
import type { KnowledgeBase } from '../../src/kb';
import { KB_FEEDBACK_STREAM, type KbFeedback } from '../../src/kb/kb-skill';
import type { Storage } from '../../src/storage/storage';
import { demoEngine } from '../helpers/demo-engine';
import { CF, Conversation } from './transcript';

/** The answers the pass form holds so far. */
async function answers(engine: Engine, chat: Conversation): Promise<Record<string, unknown>> {
  const state = await engine.getState(chat.ref);
  const data = state?.stack.at(-1)?.data as { answers?: Record<string, unknown> } | undefined;
  return data?.answers ?? {};
}

describe('an old button pressed in the middle of a form (issue 26, item 3)', () => {
  let engine: Engine;
  let storage: Storage;
  let kb: KnowledgeBase;
  let chat: Conversation;
  let feedbackYes: { label: string; value: string };

  beforeEach(async () => {
    ({ engine, storage, kb } = await demoEngine());
    chat = new Conversation(engine);
    await chat.send('ciao');
    await chat.send('a che ora apre l’anagrafe?');
    const yes = chat.choices.find((c) => c.value.startsWith('kb:feedback:yes:'));
    if (!yes) throw new Error(`no feedback button in: ${chat.text}`);
    feedbackYes = yes;
    await chat.send('vorrei il pass sosta');
    expect(await chat.send(CF)).toContain('Come ti chiami (nome e cognome)?');
  });
  afterEach(() => kb.close());

  it('records an earlier "Sì" feedback for what it is and asks the question again, storing nothing', async () => {
    const reply = await chat.send({ text: feedbackYes.label, value: feedbackYes.value });
    expect(reply).toContain('Grazie del riscontro!');
    expect(reply).toContain('Come ti chiami (nome e cognome)?');
    expect(await answers(engine, chat)).not.toHaveProperty('nome');
    const feedback = (await storage.read<KbFeedback>(KB_FEEDBACK_STREAM)).map((e) => e.value);
    expect(feedback).toEqual([
      expect.objectContaining({ useful: true, entry: feedbackYes.value.split(':')[3] }),
    ]);

    expect(await chat.send('Maria Rossi')).toContain('Qual è il tuo indirizzo di residenza?');
    expect(await answers(engine, chat)).toMatchObject({ nome: 'Maria Rossi' });
  });

  it.each([
    ['a yes/no option of another question', { text: 'Sì', value: 'sì' }],
    ['"Conferma e invia" of another form', { text: 'Conferma e invia', value: 'form:confirm' }],
    ['"Salta" at a required question', { text: 'Salta', value: 'form:skip' }],
    ['an appointment slot', { text: 'martedì 24/11/2026 ore 09:00', value: 'form:slot:2026-11-24T09:00' }],
    ['an option of another service', { text: 'Carta d’identità elettronica', value: 'cie' }],
    ['a button of a removed feature', { text: 'Vecchio', value: 'kb:feedback:yes:' }],
  ])('answers %s with "questo pulsante non vale più" and the same question', async (_what, pressed) => {
    const reply = await chat.send(pressed);
    expect(reply).toContain('Questo pulsante non vale più');
    expect(reply).toContain('Come ti chiami (nome e cognome)?');
    expect(await answers(engine, chat)).not.toHaveProperty('nome');
  });

  it('still takes a pressed option of the current question as its answer', async () => {
    await chat.send('Maria Rossi');
    await chat.send('Via Roma 12');
    await chat.send('AB123CD');
    await chat.send({
      text: '',
      attachments: [
        { contentType: 'application/pdf', url: 'https://files.example.org/l.pdf', name: 'l.pdf' },
      ],
    });
    expect(chat.text).toContain('L’auto è intestata a te?');
    expect(await chat.press('Sì')).toContain('telefono');
    expect(await answers(engine, chat)).toMatchObject({ intestatario: true });
  });
});
