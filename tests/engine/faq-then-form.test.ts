import type { Engine } from '../../src/engine/engine';
import type { KnowledgeBase } from '../../src/kb';
import { demoEngine } from '../helpers/demo-engine';
import { Conversation } from '../services/transcript';

const CF = 'RSSMRA80A01H501U';

describe('a form started while answering a frequently asked question (issue 26, item 2)', () => {
  let engine: Engine;
  let kb: KnowledgeBase;
  beforeEach(async () => {
    ({ engine, kb } = await demoEngine());
  });
  afterEach(() => kb.close());

  it('keeps the parking pass form going after its first answer', async () => {
    const chat = new Conversation(engine);
    await chat.send('ciao');
    expect(await chat.press('Domande frequenti')).toContain('Scrivi pure la tua domanda');
    const first = await chat.send('vorrei il pass sosta');
    expect(first).toContain('Richiediamo il pass sosta residenti');
    expect(first).toContain('Qual è il tuo codice fiscale?');

    const second = await chat.send(CF);
    expect(second).not.toContain('non ho informazioni sicure');
    expect(second).toContain('Come ti chiami (nome e cognome)?');
    const state = await engine.getState(chat.ref);
    expect(state?.stack.map((d) => d.dialogId)).toEqual(['pass-sosta-residenti']);

    expect(await chat.send('Maria Rossi')).toContain('Qual è il tuo indirizzo di residenza?');
  });
});
