import { CONVERSATIONS } from '../../src/engine/conversation-state';
import type { Dialog } from '../../src/engine/dialog';
import { type TranscriptEntry, transcriptStream } from '../../src/engine/transcript';
import { AUDIT_STREAM, type AuditEntry } from '../../src/handoff/audit-log';
import { parseContact } from '../../src/handoff/callback-dialog';
import { CaseAlreadyClaimedError, NotCaseOwnerError } from '../../src/handoff/errors';
import { HANDOFF_CLOSED, HANDOFF_QUEUE, type HandoffCase } from '../../src/handoff/handoff-case';
import { noteUnanswered } from '../../src/handoff/handoff-signals';
import { parseRating } from '../../src/handoff/rating-dialog';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { GIULIA, handoffEngine, joined, MARCO, said } from './harness';

async function queued(
  storage: MemoryStorage | import('../../src/storage/storage').Storage,
): Promise<HandoffCase[]> {
  return (await storage.list<HandoffCase>(HANDOFF_QUEUE)).map((e) => e.value);
}

describe('Handoff: request and queue', () => {
  it('queues a web chat citizen who asks for an operator and tells them their position', async () => {
    const { engine, storage } = handoffEngine();
    await engine.handle(said('ciao'));
    const replies = await engine.handle(said('operatore'));
    expect(joined(replies)).toContain('Ho inoltrato la tua richiesta a un operatore');
    expect(joined(replies)).toContain('Sei il primo in coda');
    const [c] = await queued(storage);
    expect(c).toMatchObject({ status: 'queued', reason: 'citizen', lang: 'it', ref: { channel: 'webchat' } });
  });

  it('does not queue twice and repeats the position instead', async () => {
    const { engine, storage } = handoffEngine();
    await engine.handle(said('operatore', { conversationId: 'a' }));
    await engine.handle(said('parlare con una persona', { conversationId: 'b' }));
    const again = await engine.handle(said('operatore', { conversationId: 'b' }));
    expect(joined(again)).toContain('già in coda');
    expect(joined(again)).toContain('2° posto');
    expect(await queued(storage)).toHaveLength(2);
  });

  it('keeps the fields a form collected so far for the operator', async () => {
    const { engine, storage } = handoffEngine();
    const form: Dialog = {
      id: 'segnalazione',
      async begin(ctx, instance) {
        instance.step = 'address';
        instance.data.tipo = 'buca stradale';
        ctx.reply('Dove si trova?');
        return { status: 'waiting' };
      },
      async continue() {
        return { status: 'waiting' };
      },
    };
    engine.addDialog(form, { title: { it: 'Segnalazione', en: 'Report' } });
    await engine.handle(said('ciao'));
    await engine.handle(said('x', { value: 'service:segnalazione' }));
    await engine.handle(said('Parla con un operatore', { value: 'menu:operator' }));
    const [c] = await queued(storage);
    expect(c?.reason).toBe('form');
    expect(c?.forms).toEqual([
      { dialogId: 'segnalazione', step: 'address', data: { tipo: 'buca stradale' } },
    ]);
  });

  it.each([
    ['vorrei parlare con un operatore', 'it', 'Ho inoltrato la tua richiesta a un operatore'],
    ['posso parlare con qualcuno?', 'it', 'Ho inoltrato la tua richiesta a un operatore'],
    ['mi passa un operatore per favore', 'it', 'Ho inoltrato la tua richiesta a un operatore'],
    ['I want to talk to a person', 'en', 'I have passed your request to an operator'],
    ['can I speak to a human?', 'en', 'I have passed your request to an operator'],
  ])('queues "%s" and answers in its language (%s)', async (text, lang, told) => {
    const { engine, storage } = handoffEngine();
    await engine.handle(said('ciao'));
    expect(joined(await engine.handle(said(text)))).toContain(told);
    expect(await queued(storage)).toEqual([expect.objectContaining({ reason: 'citizen', lang })]);
  });

  it('hears a request in words inside a form, which ends it and keeps its fields for the operator', async () => {
    const { engine, storage } = handoffEngine();
    engine.addDialog(
      {
        id: 'segnalazione',
        async begin(ctx, instance) {
          instance.step = 'address';
          instance.data.tipo = 'buca stradale';
          ctx.reply('Dove si trova?');
          return { status: 'waiting' };
        },
        async continue(ctx) {
          ctx.reply('Grazie, annotato.');
          return { status: 'waiting' };
        },
      },
      { title: { it: 'Segnalazione', en: 'Report' } },
    );
    await engine.handle(said('ciao'));
    await engine.handle(said('x', { value: 'service:segnalazione' }));
    expect(joined(await engine.handle(said('via Roma 3')))).toContain('annotato');
    const replies = await engine.handle(said('scusi, posso parlare con una persona?'));
    expect(joined(replies)).toContain('Ho inoltrato la tua richiesta a un operatore');
    const [c] = await queued(storage);
    expect(c?.reason).toBe('form');
    expect(c?.forms[0]?.data).toEqual({ tipo: 'buca stradale' });
  });

  it('leaves questions that merely mention operators to the skills', async () => {
    const { engine, storage } = handoffEngine();
    engine.addSkill({
      id: 'kb',
      async handle(ctx) {
        ctx.reply(`Risposta su: ${ctx.input}`);
        return true;
      },
    });
    await engine.handle(said('ciao'));
    const replies = await engine.handle(said("chi è l'operatore ecologico che passa il martedì"));
    expect(joined(replies)).toContain('Risposta su:');
    expect(await queued(storage)).toHaveLength(0);
  });

  it('offers an operator after two questions in a row without an answer, and queues only on acceptance', async () => {
    const { engine, storage } = handoffEngine();
    await engine.handle(said('ciao'));
    const first = await engine.handle(said('xyz qwerty'));
    expect(joined(first)).not.toContain('non sono riuscito a trovare una risposta');
    const second = await engine.handle(said('asdf ghjk'));
    const offer = second.at(-1);
    expect(offer?.text).toContain('non sono riuscito a trovare una risposta alle tue domande');
    expect(offer?.choices).toEqual([
      { label: 'Parla con un operatore', value: 'menu:operator' },
      { label: 'Riformula la domanda', value: 'menu:faq' },
    ]);
    // The bot does not escalate by itself: nothing is queued until the citizen chooses.
    expect(joined(second)).not.toContain('inoltrato');
    expect(await queued(storage)).toHaveLength(0);
    const accepted = await engine.handle(said('Parla con un operatore', { value: 'menu:operator' }));
    expect(joined(accepted)).toContain('Ho inoltrato la tua richiesta a un operatore');
    const [c] = await queued(storage);
    expect(c?.reason).toBe('unanswered');
  });

  it('offers an operator for a question left unanswered right after a "not useful" feedback', async () => {
    const { engine, storage } = handoffEngine();
    await engine.handle(said('ciao'));
    await engine.handle(said('No', { value: 'kb:feedback:no:carta-identita' }));
    const replies = await engine.handle(said('e allora come faccio?'));
    expect(joined(replies)).toContain('non sono riuscito a trovare una risposta alle tue domande');
    expect(await queued(storage)).toHaveLength(0);
    await engine.handle(said('vorrei parlare con un operatore'));
    expect((await queued(storage))[0]?.reason).toBe('not-useful');
  });

  it('lets the knowledge base report "no answer" through noteUnanswered()', async () => {
    const { engine, storage } = handoffEngine();
    engine.addSkill({
      id: 'kb',
      async handle(ctx) {
        noteUnanswered(ctx);
        ctx.reply({
          text: 'Non trovo nulla su questo.',
          choices: [{ label: 'Operatore', value: 'menu:operator' }],
        });
        return true;
      },
    });
    await engine.handle(said('ciao'));
    await engine.handle(said('tassa sui cani?'));
    const second = await engine.handle(said('tassa sui gatti?'));
    expect(joined(second)).toContain('vuoi parlare con un operatore o preferisci riformulare la domanda?');
    expect(await queued(storage)).toHaveLength(0);
    await engine.handle(said('Parla con un operatore', { value: 'menu:operator' }));
    expect((await queued(storage))[0]?.reason).toBe('unanswered');
  });
});

it('recognises the knowledge base\'s "I don\'t know" by the outcome it records, whatever its wording', async () => {
  const { engine, storage } = handoffEngine();
  engine.addSkill({
    id: 'kb',
    async handle(ctx) {
      ctx.reply(
        {
          text: 'Su questo purtroppo non so aiutarti.',
          choices: [{ label: 'Riformula', value: 'menu:faq' }],
        },
        { outcome: 'kb-none' },
      );
      return true;
    },
  });
  await engine.handle(said('ciao'));
  const first = await engine.handle(said('tassa sui cani?'));
  expect(first).toHaveLength(1);
  const second = await engine.handle(said('tassa sui gatti?'));
  expect(second.at(-1)?.text).toContain('non sono riuscito a trovare una risposta alle tue domande');
  expect(await queued(storage)).toHaveLength(0);
});

describe('Handoff: operator holds, replies, hands back, closes', () => {
  it('runs the whole flow from Telegram: claim, silence of the bot, operator reply, close, rating', async () => {
    const { engine, handoff, storage, channels } = handoffEngine();
    const tg = { channel: 'telegram', conversationId: '4242' };
    await engine.handle(said('/start', tg));
    await engine.handle(said('voglio parlare con un operatore', tg));
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');

    await handoff.claim(c.id, GIULIA);
    expect(channels.telegram?.textsTo('4242').join('\n')).toContain(
      'Giulia del Comune di Esempio ha preso in carico',
    );

    // While held, the bot says nothing, even to a command or a question.
    expect(await engine.handle(said('quanto costa la carta d’identità?', tg))).toEqual([]);
    expect(await engine.handle(said('menu', tg))).toEqual([]);

    await handoff.sendMessage(c.id, GIULIA, 'Costa 22,21 euro. Serve altro?');
    expect(channels.telegram?.textsTo('4242')).toContain('Costa 22,21 euro. Serve altro?');
    // Signed with the operator's name, so the channel shows a person, not the bot.
    expect(channels.telegram?.sent.at(-1)?.reply.author).toEqual({
      name: 'Giulia',
      label: 'Giulia (operatore)',
    });

    await handoff.close(c.id, GIULIA, 'resolved');
    const sent = channels.telegram?.sent.filter((s) => s.ref.conversationId === '4242') ?? [];
    expect(sent.at(-2)?.reply.text).toContain('La conversazione con l’operatore è terminata');
    expect(sent.at(-1)?.reply.choices?.map((ch) => ch.value)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `handoff:rating:${n}`),
    );

    const thanks = await engine.handle(said('★★★★', { ...tg, value: 'handoff:rating:4' }));
    expect(joined(thanks)).toContain('Grazie per la tua valutazione');
    const closed = await storage.get<HandoffCase>(HANDOFF_CLOSED, c.id);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', closedBy: 'giulia', rating: 4 });
    expect(await queued(storage)).toHaveLength(0);

    // The bot is back: a greeting gets an answer again.
    expect((await engine.handle(said('menu', tg))).length).toBeGreaterThan(0);
  });

  it('hands the conversation back to the bot, which answers again after the rating question', async () => {
    const { engine, handoff, storage, channels } = handoffEngine();
    await engine.handle(said('operatore'));
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');
    await handoff.claim(c.id, GIULIA);
    await handoff.close(c.id, GIULIA, 'returned');
    expect(channels.webchat?.textsTo('c1').join('\n')).toContain(
      'rimesso in contatto con l’assistente digitale',
    );
    // Not a rating: goes on to the bot (no skill here, so the menu).
    const replies = await engine.handle(said('come rinnovo la patente?'));
    expect(replies.at(-1)?.choices?.map((ch) => ch.value)).toContain('menu:operator');
    expect((await storage.get<HandoffCase>(HANDOFF_CLOSED, c.id))?.rating).toBeUndefined();
  });

  it('updates waiting citizens when their queue position changes', async () => {
    const { engine, handoff, storage, channels } = handoffEngine();
    await engine.handle(said('operatore', { conversationId: 'a' }));
    await engine.handle(said('operatore', { conversationId: 'b' }));
    await engine.handle(said('operatore', { conversationId: 'c' }));
    const [first] = await queued(storage);
    if (!first) throw new Error('no case');
    await handoff.claim(first.id, GIULIA);
    expect(channels.webchat?.textsTo('b')).toContain(
      'Aggiornamento: ora sei il primo in coda, tocca a te tra poco.',
    );
    expect(channels.webchat?.textsTo('c')).toContain('Aggiornamento: ora sei al 2° posto in coda.');
  });

  it('transfers a held case to a colleague, who then holds it alone', async () => {
    const { engine, handoff, storage, channels } = handoffEngine();
    await engine.handle(said('operatore'));
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');
    await handoff.claim(c.id, GIULIA);
    await handoff.transfer(c.id, GIULIA, MARCO);
    expect(channels.webchat?.textsTo('c1').join('\n')).toContain('Ti passo a un collega, Marco');
    await expect(handoff.sendMessage(c.id, GIULIA, 'ciao')).rejects.toBeInstanceOf(NotCaseOwnerError);
    await handoff.sendMessage(c.id, MARCO, 'Eccomi');
    expect(channels.webchat?.textsTo('c1')).toContain('Eccomi');
  });

  it('records who claimed, transferred and closed in the audit log', async () => {
    const { engine, handoff, storage } = handoffEngine();
    await engine.handle(said('operatore'));
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');
    await handoff.claim(c.id, GIULIA);
    await handoff.transfer(c.id, GIULIA, MARCO);
    await handoff.close(c.id, MARCO, 'redirected');
    const audit = (await storage.read<AuditEntry>(AUDIT_STREAM)).map((e) => e.value);
    expect(audit.map((a) => [a.actor, a.action, a.caseId])).toEqual([
      ['giulia', 'claim', c.id],
      ['giulia', 'transfer', c.id],
      ['marco', 'close', c.id],
    ]);
  });
});

describe('Handoff: atomic claims', () => {
  it('lets exactly one of many operators claiming at once win', async () => {
    const { engine, handoff, storage } = handoffEngine();
    await engine.handle(said('operatore'));
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');
    const operators = Array.from({ length: 12 }, (_, i) => ({ username: `op${i}`, name: `Op ${i}` }));
    const results = await Promise.allSettled(operators.map((op) => handoff.claim(c.id, op)));
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.status === 'rejected');
    for (const l of losers)
      expect((l as PromiseRejectedResult).reason).toBeInstanceOf(CaseAlreadyClaimedError);
    const held = await storage.get<HandoffCase>(HANDOFF_QUEUE, c.id);
    const winner = (winners[0] as PromiseFulfilledResult<HandoffCase>).value.operator;
    expect(held?.operator).toBe(winner);
    const state = await storage.get<{ vars: { handoff: { operator: string } } }>(CONVERSATIONS, 'webchat:c1');
    expect(state?.vars.handoff.operator).toBe(winner);
  });

  it('claims atomically while the citizen keeps writing', async () => {
    const { engine, handoff, storage } = handoffEngine();
    await engine.handle(said('operatore'));
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');
    await Promise.all([
      handoff.claim(c.id, GIULIA),
      ...Array.from({ length: 5 }, (_, i) => engine.handle(said(`messaggio ${i}`))),
    ]);
    expect((await storage.get<HandoffCase>(HANDOFF_QUEUE, c.id))?.operator).toBe('giulia');
    expect(await engine.handle(said('ci sei?'))).toEqual([]);
  });
});

describe('Handoff: waiting in the queue', () => {
  // Monday 10 February 2025, 10:00 in Rome: open; 14:00 the same day: closed until Tuesday 09:00.
  let clock = new Date('2025-02-10T10:00:00+01:00');
  const now = () => clock;
  beforeEach(() => {
    clock = new Date('2025-02-10T10:00:00+01:00');
  });

  /** The handoff engine with a knowledge base that never knows (as the real one for "c'è qualcuno?"). */
  function withUnsureKb(options: Parameters<typeof handoffEngine>[0] = {}) {
    const parts = handoffEngine({ hours: 'mon-fri 09:00-13:00', now, ...options });
    const asked: string[] = [];
    parts.engine.addSkill({
      id: 'kb',
      async handle(ctx) {
        asked.push(ctx.input);
        ctx.reply({
          text: 'Mi dispiace, su questo non ho informazioni sicure.',
          choices: [{ label: 'Parla con un operatore', value: 'menu:operator' }],
        });
        return true;
      },
    });
    return { ...parts, asked };
  }

  it('tells the citizen their place and the office hours, and keeps what they write for the operator', async () => {
    const { engine, asked } = withUnsureKb();
    await engine.handle(said('ciao'));
    const queuedReply = joined(await engine.handle(said('operatore')));
    expect(queuedReply).toContain('Sei il primo in coda.');
    expect(queuedReply).toContain('Gli operatori rispondono dal lunedì al venerdì 09:00–13:00.');
    for (const text of ['quanto devo aspettare?', 'è per la TARI di mia madre']) {
      const replies = await engine.handle(said(text));
      expect(joined(replies)).toBe(
        'Ho inoltrato il tuo messaggio: l’operatore lo leggerà quando prende in carico la conversazione. ' +
          'Sei il primo in coda. Gli operatori rispondono dal lunedì al venerdì 09:00–13:00. ' +
          'Se non ti serve più, scrivi «annulla».',
      );
      expect(replies.flatMap((r) => r.choices ?? [])).toEqual([]);
    }
    // "C'è qualcuno?" asks for a person: the same queue, not a second request nor the "no answer".
    const anyone = joined(await engine.handle(said('c’è qualcuno?')));
    expect(anyone).toContain('già in coda');
    expect(anyone).toContain('Sei il primo in coda.');
    expect(asked).toEqual([]);
  });

  it('recomputes the position when the citizen writes and tells them when it changes', async () => {
    const { engine, handoff, storage, channels } = withUnsureKb();
    await engine.handle(said('operatore', { conversationId: 'a' }));
    await engine.handle(said('operatore', { conversationId: 'b', channel: 'telegram' }));
    const second = joined(
      await engine.handle(said('ci siete?', { conversationId: 'b', channel: 'telegram' })),
    );
    expect(second).toContain('Sei al 2° posto in coda.');
    const [first] = await queued(storage);
    if (!first) throw new Error('no case');
    await handoff.claim(first.id, GIULIA);
    expect(channels.telegram?.textsTo('b')).toContain(
      'Aggiornamento: ora sei il primo in coda, tocca a te tra poco.',
    );
    const now1 = joined(await engine.handle(said('ok grazie', { conversationId: 'b', channel: 'telegram' })));
    expect(now1).toContain('Sei il primo in coda.');
  });

  it('says when an operator will be there once the office has closed', async () => {
    const { engine } = withUnsureKb();
    await engine.handle(said('operatore'));
    clock = new Date('2025-02-10T14:00:00+01:00');
    const replies = joined(await engine.handle(said('pronto?')));
    expect(replies).toContain('Sei il primo in coda.');
    expect(replies).toContain(
      'Ora l’ufficio è chiuso: un operatore sarà disponibile domani alle 09:00 (orari: dal lunedì al venerdì 09:00–13:00).',
    );
  });

  it('answers in English to a citizen waiting in English', async () => {
    const { engine } = withUnsureKb();
    await engine.handle(said('I would like to talk to an operator please'));
    const replies = joined(await engine.handle(said('how long do I have to wait?')));
    expect(replies).toContain('the operator will read it');
    expect(replies).toContain('You are first in the queue. Operators answer Monday to Friday 09:00–13:00.');
  });

  it('works across instances: one queues, another keeps the message, the operator sees it on claiming', async () => {
    const storage = new MemoryStorage();
    const one = withUnsureKb({ storage });
    const two = withUnsureKb({ storage });
    await one.engine.handle(said('operatore'));
    const kept = joined(await two.engine.handle(said('il mio codice utente è 12345')));
    expect(kept).toContain('Ho inoltrato il tuo messaggio');
    expect([...one.asked, ...two.asked]).toEqual([]);
    const [c] = await queued(storage);
    if (!c) throw new Error('no case');
    await two.handoff.claim(c.id, GIULIA);
    const transcript = (await storage.read<TranscriptEntry>(transcriptStream(c.conversation))).map(
      (e) => e.value,
    );
    const inbound = transcript.flatMap((e) => (e.dir === 'in' ? [e.text] : []));
    expect(inbound).toEqual(['operatore', 'il mio codice utente è 12345']);
    expect(JSON.stringify(transcript)).not.toContain('informazioni sicure');
  });

  it('lets the citizen withdraw the request with «annulla», after which the bot answers again', async () => {
    const { engine, storage, asked } = withUnsureKb();
    await engine.handle(said('operatore', { conversationId: 'a' }));
    await engine.handle(said('operatore', { conversationId: 'b' }));
    const [a] = await queued(storage);
    const replies = await engine.handle(said('annulla', { conversationId: 'a' }));
    expect(joined(replies)).toContain('ho ritirato la tua richiesta di parlare con un operatore');
    expect(await queued(storage)).toHaveLength(1);
    expect(await storage.get<HandoffCase>(HANDOFF_CLOSED, a?.id ?? '')).toMatchObject({
      outcome: 'withdrawn',
      closedBy: 'citizen',
    });
    expect(joined(await engine.handle(said('orari anagrafe', { conversationId: 'a' })))).toContain(
      'non ho informazioni sicure',
    );
    expect(asked).toEqual(['orari anagrafe']);
    // The one behind moves up and is told.
    expect(joined(await engine.handle(said('ci sono?', { conversationId: 'b' })))).toContain(
      'Sei il primo in coda.',
    );
  });

  it('still lets a pressed button reach the bot (knowledge-base feedback, menu)', async () => {
    const { engine, asked } = withUnsureKb();
    await engine.handle(said('operatore'));
    await engine.handle(said('Sì', { value: 'kb:feedback:yes:anagrafe-orari' }));
    expect(asked).toEqual(['kb:feedback:yes:anagrafe-orari']);
  });
});

describe('Handoff: outside office hours', () => {
  // Sunday 9 February 2025, 10:00 in Rome: closed.
  const sunday = () => new Date('2025-02-09T10:00:00+01:00');

  it('offers a callback, says when the office opens and queues the contact for operators', async () => {
    const { engine, storage } = handoffEngine({ hours: 'mon-fri 08:30-12:30', now: sunday });
    await engine.handle(said('ciao'));
    const offer = await engine.handle(said('operatore'));
    expect(joined(offer)).toContain('l’ufficio è chiuso');
    expect(joined(offer)).toContain('Riapre domani alle 08:30');
    await engine.handle(said('Lascia un recapito', { value: 'handoff:callback:yes' }));
    const bad = await engine.handle(said('chiamatemi'));
    expect(joined(bad)).toContain('Non sembra un numero di telefono');
    await engine.handle(said('333 123 4567'));
    const done = await engine.handle(said('Vorrei sapere della mia pratica edilizia'));
    expect(joined(done)).toMatch(/registrata con il numero \d+/);
    const [c] = await queued(storage);
    expect(c?.callback).toEqual({
      contact: '3331234567',
      message: 'Vorrei sapere della mia pratica edilizia',
    });
    // The bot keeps helping meanwhile.
    expect((await engine.handle(said('menu'))).length).toBeGreaterThan(0);
  });

  it('takes a new request for a person, while the callback is offered, as a yes', async () => {
    const { engine, storage } = handoffEngine({ hours: 'mon-fri 08:30-12:30', now: sunday });
    await engine.handle(said('operatore'));
    const replies = await engine.handle(said('sì, vorrei parlare con qualcuno'));
    expect(joined(replies)).toContain('Scrivi un numero di telefono o un indirizzo email');
    await engine.handle(said('333 123 4567'));
    await engine.handle(said('vorrei essere richiamato da un operatore per la TARI'));
    expect((await queued(storage))[0]?.callback).toEqual({
      contact: '3331234567',
      message: 'vorrei essere richiamato da un operatore per la TARI',
    });
  });

  it('lets the citizen decline the callback', async () => {
    const { engine, storage } = handoffEngine({ hours: 'mon-fri 08:30-12:30', now: sunday });
    await engine.handle(said('operatore'));
    const replies = await engine.handle(said('No, grazie', { value: 'handoff:callback:no' }));
    expect(joined(replies)).toContain('Puoi sempre scrivermi');
    expect(await queued(storage)).toHaveLength(0);
  });
});

describe('Handoff: parsing citizen input', () => {
  it.each([
    ['handoff:rating:3', 3],
    ['5', 5],
    ['4/5', 4],
    ['★★', 2],
    ['5 ★', 5],
    ['2 stelle', 2],
    ['6', undefined],
    ['grazie', undefined],
  ])('reads the rating "%s" as %s', (input, expected) => {
    expect(parseRating(input)).toBe(expected);
  });

  it.each([
    ['+39 333 123 4567', '+393331234567'],
    ['Mario.Rossi@Example.it', 'mario.rossi@example.it'],
    ['0521 123456', '0521123456'],
    ['chiamatemi', undefined],
    ['123', undefined],
  ])('reads the contact "%s" as %s', (input, expected) => {
    expect(parseContact(input)).toBe(expected);
  });
});
