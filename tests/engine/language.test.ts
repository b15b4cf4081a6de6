import { MemoryStorage } from '../../src/storage/memory-storage';
import { CF, Conversation, PDF, startEngine } from '../services/transcript';

/** A citizen on a fresh engine with the demo dialogs; `locale` is what their channel says (Telegram's language_code). */
async function citizen(locale?: string): Promise<Conversation> {
  const { engine } = await startEngine(new MemoryStorage());
  const c = new Conversation(engine);
  if (locale) {
    const send = engine.handle.bind(engine);
    engine.handle = (message) => send({ ...message, locale });
  }
  return c;
}

describe('Language follows the citizen', () => {
  it('answers an English citizen in English: greeting, privacy, parking pass form, validation, operator', async () => {
    const c = await citizen();
    const first = await c.send('I’d like a resident parking pass');
    expect(first).toContain('Hello! I am the digital front desk of Comune di Esempio');
    expect(first).toContain(
      'Before we start: the messages you write here are processed by Comune di Esempio',
    );
    expect(first).toContain('Let us request the resident parking pass.');
    expect(first).toContain('Question 1 of at most 8');
    expect(first).toContain('What is your Italian tax code (codice fiscale)?');
    expect(first).not.toMatch(/Buongiorno|informativa|codice fiscale\?/);

    const wrong = await c.send('RSSMRA80A01H501X');
    expect(wrong).toBe(
      'That answer does not work: the tax code is not correct (the last check character does not match). Please check it.',
    );
    expect(await c.send(CF)).toContain('What is your full name?');
    expect(await c.send('Mario Rossi')).toContain('What is your home address?');
    expect(await c.send('Via Roma 12')).toContain('What is the car’s plate number?');
    expect(await c.send('AB123CD')).toContain('Send a photo or PDF of the vehicle registration document');
    expect(await c.send({ attachments: [PDF] })).toContain('Is the car registered in your name?');
    expect(c.choices.map((x) => x.label)).toEqual(['Yes', 'No']);
    await c.press('Yes');
    expect(c.choices.map((x) => x.label)).toEqual(['Skip']);
    const summary = await c.press('Skip');
    expect(summary).toContain('Here is your resident parking pass request. Please check it:');
    expect(summary).toContain('**Tax code**: RSSMRA80A01H501U');
    expect(c.choices.map((x) => x.label)).toEqual(['Confirm and send', 'Edit', 'Cancel']);

    const operator = await c.send('operator');
    expect(operator).toContain('I have passed your request to an operator');
    expect(operator).toContain('You are first in the queue.');
  });

  it('greets an English "hello" in English, with the menu in English', async () => {
    const c = await citizen();
    expect(await c.send('hello')).toContain('Hello! I am the digital front desk');
    expect(c.choices.map((x) => x.label)).toEqual([
      'Frequently asked questions',
      'Start a request',
      'Talk to an operator',
    ]);
  });

  it('leaves Italian citizens in Italian', async () => {
    const c = await citizen();
    const first = await c.send('vorrei il pass sosta');
    expect(first).toContain('Buongiorno! Sono lo sportello digitale del Comune di Esempio');
    expect(first).toContain('Leggi l’informativa privacy');
    expect(first).toContain('Domanda 1 su un massimo di 8');
    expect(first).toContain('Qual è il tuo codice fiscale?');
    // An answer inside a form says nothing about the language.
    await c.send(CF);
    expect(await c.send('John Smith')).toContain('Qual è il tuo indirizzo di residenza?');
    const operator = await c.send('operatore');
    expect(operator).toContain('Ho inoltrato la tua richiesta a un operatore');
  });

  it('switches on request, also inside a form, which asks its question again', async () => {
    const c = await citizen();
    await c.send('vorrei il pass sosta');
    const english = await c.send('english please');
    expect(english).toContain('All right, let us continue in English.');
    expect(english).toContain('What is your Italian tax code (codice fiscale)?');
    const italian = await c.send('parla italiano');
    expect(italian).toContain('D’accordo, continuiamo in italiano.');
    expect(italian).toContain('Qual è il tuo codice fiscale?');
    await c.send('annulla');
    // Chosen in words, the language no longer follows the text.
    expect(await c.send('what are the opening hours of the registry office?')).not.toContain('Hello');
    expect(await c.send('help')).toContain('Puoi scrivere una domanda');
  });

  it('takes the channel locale as a hint, which clear words override', async () => {
    const hinted = await citizen('en');
    expect(await hinted.send('TARI')).toContain('Hello! I am the digital front desk');
    const overridden = await citizen('en-GB');
    expect(await overridden.send('ciao, vorrei il pass sosta')).toContain('Buongiorno!');
    expect(overridden.text).toContain('Qual è il tuo codice fiscale?');
  });
});
