import type { Skill } from '../../src/engine/skill';
import { HANDOFF_QUEUE, type HandoffCase } from '../../src/handoff/handoff-case';
import { handoffEngine, joined, said } from './harness';

const HOURS = 'mon-fri 08:30-12:30; tue,thu 14:30-17:00';
// Monday 10 February 2025, 10:00 in Rome: open. Sunday 9 February, 10:00: closed until Monday 08:30.
const monday = () => new Date('2025-02-10T10:00:00+01:00');
const sunday = () => new Date('2025-02-09T10:00:00+01:00');

/** A knowledge base that knows only "orari" (an answer with its entry) and answers anything else "no". */
const tinyKb: Skill = {
  id: 'kb',
  async handle(ctx) {
    if (ctx.input.includes('orari')) {
      ctx.reply({ text: 'Orari: 9-12.' }, { kbEntries: ['orari'], outcome: 'kb-answer' });
      return true;
    }
    ctx.reply(
      {
        text: ctx.t('noAnswer'),
        choices: [
          { label: ctx.t('menuOperator'), value: 'menu:operator' },
          { label: ctx.t('menuFaq'), value: 'menu:faq' },
        ],
      },
      { outcome: 'kb-none' },
    );
    return true;
  },
};

function setup(options: Parameters<typeof handoffEngine>[0] = {}) {
  const made = handoffEngine(options);
  made.engine.addSkill(tinyKb);
  const queued = async () => (await made.storage.list<HandoffCase>(HANDOFF_QUEUE)).map((e) => e.value);
  return { ...made, queued };
}

const OFFERED = 'non sono riuscito a trovare una risposta alle tue domande';

describe('The operator offer after questions without an answer', () => {
  it('gives the office hours when operators are in service', async () => {
    const { engine } = setup({ hours: HOURS, now: monday });
    await engine.handle(said('ciao'));
    await engine.handle(said('tassa sui cani?'));
    const offer = (await engine.handle(said('tassa sui gatti?'))).at(-1);
    expect(offer?.text).toBe(
      'Mi dispiace, non sono riuscito a trovare una risposta alle tue domande. Un operatore può aiutarti: in ' +
        'questo momento gli operatori sono in servizio (orari: dal lunedì al venerdì 08:30–12:30; martedì e ' +
        'giovedì 14:30–17:00). Vuoi parlare con un operatore o preferisci riformulare la domanda?',
    );
  });

  it('outside office hours says when operators are back, and accepting leads to the callback request', async () => {
    const { engine, queued } = setup({ hours: HOURS, now: sunday });
    await engine.handle(said('ciao'));
    await engine.handle(said('tassa sui cani?'));
    const offer = (await engine.handle(said('tassa sui gatti?'))).at(-1);
    expect(offer?.text).toContain('Gli operatori ora non sono in servizio: tornano domani alle 08:30');
    expect(offer?.text).toContain('orari: dal lunedì al venerdì 08:30–12:30');
    expect(offer?.text).toContain('Puoi lasciare un recapito per essere ricontattato');
    expect(offer?.choices?.map((c) => c.value)).toEqual(['menu:operator', 'menu:faq']);
    const accepted = await engine.handle(said('Parla con un operatore', { value: 'menu:operator' }));
    expect(joined(accepted)).toContain('Se vuoi, lascia un recapito e ti ricontatteremo');
    await engine.handle(said('333 123 4567'));
    await engine.handle(said('Vorrei sapere della tassa sui gatti'));
    const [c] = await queued();
    expect(c).toMatchObject({ reason: 'unanswered', callback: { contact: '3331234567' } });
  });

  it('speaks English in an English conversation', async () => {
    const { engine } = setup({ hours: HOURS, now: monday });
    await engine.handle(said('ciao'));
    await engine.handle(said('english'));
    await engine.handle(said('dog tax?'));
    const offer = (await engine.handle(said('cat tax?'))).at(-1);
    expect(offer?.text).toContain('Sorry, I could not find an answer to your questions.');
    expect(offer?.text).toContain('(hours: Monday to Friday 08:30–12:30; Tuesday and Thursday 14:30–17:00)');
    expect(offer?.choices).toEqual([
      { label: 'Talk to an operator', value: 'menu:operator' },
      { label: 'Rephrase the question', value: 'menu:faq' },
    ]);
  });

  it('lets the citizen rephrase instead, and offers again only after two more questions without an answer', async () => {
    const { engine, queued } = setup();
    await engine.handle(said('ciao'));
    await engine.handle(said('tassa sui cani?'));
    expect(joined(await engine.handle(said('tassa sui gatti?')))).toContain(OFFERED);
    const ask = await engine.handle(said('Riformula la domanda', { value: 'menu:faq' }));
    expect(joined(ask)).toContain('Scrivi pure la tua domanda');
    expect(joined(await engine.handle(said('tassa sui criceti?')))).not.toContain(OFFERED);
    expect(joined(await engine.handle(said('tassa sui pesci rossi?')))).toContain(OFFERED);
    expect(await queued()).toHaveLength(0);
  });

  it('starts counting again after an answer, and a later request is the citizen’s own', async () => {
    const { engine, queued } = setup();
    await engine.handle(said('ciao'));
    await engine.handle(said('tassa sui cani?'));
    await engine.handle(said('orari anagrafe'));
    expect(joined(await engine.handle(said('tassa sui gatti?')))).not.toContain(OFFERED);
    expect(joined(await engine.handle(said('tassa sui criceti?')))).toContain(OFFERED);
    await engine.handle(said('orari biblioteca'));
    await engine.handle(said('operatore'));
    expect((await queued())[0]?.reason).toBe('citizen');
  });
});
