import {
  CONVERSATIONS,
  type ConversationState,
  conversationKey,
  messageFingerprint,
} from '../../src/engine/conversation-state';
import type { Skill } from '../../src/engine/skill';
import { transcriptStream } from '../../src/engine/transcript';
import type { InboundMessage } from '../../src/engine/types';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { message, testEngine, texts } from '../helpers/test-engine';

describe('Engine: welcome flow', () => {
  it('greets a new citizen with the privacy notice and the three-way menu', async () => {
    const replies = await testEngine().handle(message('ciao'));
    expect(texts(replies)).toContain('sportello digitale del Comune di Esempio');
    expect(texts(replies)).toContain('[informativa](https://example.org/privacy)');
    const menu = replies.at(-1);
    expect(menu?.choices?.map((c) => c.label)).toEqual([
      'Domande frequenti',
      'Avvia una pratica',
      'Parla con un operatore',
    ]);
  });

  it('welcomes only once per conversation', async () => {
    const engine = testEngine();
    await engine.handle(message('ciao'));
    const second = await engine.handle(message('ciao'));
    expect(texts(second)).not.toContain('informativa');
  });

  it('answers in English when the channel says the citizen uses English', async () => {
    const replies = await testEngine().handle(message('hello', { locale: 'en-GB' }));
    expect(texts(replies)).toContain('digital front desk of Comune di Esempio');
    expect(replies.at(-1)?.choices?.[0]?.label).toBe('Frequently asked questions');
  });

  it('switches language on request', async () => {
    const engine = testEngine();
    await engine.handle(message('ciao'));
    const replies = await engine.handle(message('english'));
    expect(texts(replies)).toContain('continue in English');
  });
});

describe('Engine: dialogs and state', () => {
  it('keeps the FAQ step across engines sharing storage, as after a restart', async () => {
    const storage = new MemoryStorage();
    await testEngine(storage).handle(message('ciao'));
    const ask = await testEngine(storage).handle(message('Domande frequenti', { value: 'menu:faq' }));
    expect(texts(ask)).toContain('Scrivi pure la tua domanda');
    // A new engine (new process) on the same storage resumes the waiting step.
    const answer = await testEngine(storage).handle(message('quanto costa la carta d’identità?'));
    expect(texts(answer)).toContain('non ho trovato una risposta sicura');
    expect(answer[0]?.choices?.[0]?.value).toBe('menu:operator');
  });

  it('cancels a running dialog with "annulla"', async () => {
    const engine = testEngine();
    await engine.handle(message('ciao'));
    await engine.handle(message('faq', { value: 'menu:faq' }));
    const replies = await engine.handle(message('Annulla!'));
    expect(texts(replies)).toContain('ho annullato');
    const state = await engine.getState({ channel: 'test', conversationId: 'c1' });
    expect(state?.stack).toEqual([]);
  });

  it("tells its turn listeners how long the citizen waited for each turn's answer", async () => {
    const engine = testEngine();
    const durations: Array<number | undefined> = [];
    engine.onTurn(({ durationMs }) => durations.push(durationMs));
    engine.addSkill({
      id: 'slow',
      async handle(ctx) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        ctx.reply('eccomi');
        return true;
      },
    });
    await engine.handle(message('ciao'));
    await engine.handle(message('una domanda lenta'));
    expect(durations).toHaveLength(2);
    expect(durations[1]).toBeGreaterThanOrEqual(29);
  });

  it('asks skills in order and offers the menu when none can help', async () => {
    const engine = testEngine();
    const seen: string[] = [];
    const skill = (id: string, handles: boolean): Skill => ({
      id,
      async handle(ctx) {
        seen.push(id);
        if (handles) ctx.reply(`answer from ${id}`);
        return handles;
      },
    });
    engine.addSkill(skill('first', false)).addSkill(skill('second', true)).addSkill(skill('third', true));
    await engine.handle(message('ciao'));
    expect(texts(await engine.handle(message('orari anagrafe')))).toBe('answer from second');
    expect(seen).toEqual(['first', 'second']);

    const fallback = testEngine();
    await fallback.handle(message('ciao'));
    const replies = await fallback.handle(message('xyz qwerty'));
    expect(texts(replies)).toContain('Non sono sicuro di aver capito');
    expect(replies[0]?.choices).toHaveLength(3);
  });

  it('queues an operator request and tells the citizen', async () => {
    const storage = new MemoryStorage();
    const engine = testEngine(storage);
    const replies = await engine.handle(message('voglio parlare con un operatore'));
    expect(texts(replies)).toContain('inoltrato la tua richiesta a un operatore');
    expect(await storage.list('handoff-queue')).toHaveLength(1);
  });

  it('records inbound and outbound messages in the transcript atomically with the state', async () => {
    const storage = new MemoryStorage();
    const engine = testEngine(storage);
    await engine.handle(message('ciao'));
    const key = conversationKey({ channel: 'test', conversationId: 'c1' });
    const entries = await storage.read<{ dir: string }>(transcriptStream(key));
    expect(entries.map((e) => e.value.dir)).toEqual(['in', 'out', 'out', 'out']);
    expect((await engine.getState({ channel: 'test', conversationId: 'c1' }))?.turns).toBe(1);
  });

  it('answers a redelivered message only once', async () => {
    const engine = testEngine();
    const first = message('ciao');
    expect((await engine.handle(first)).length).toBeGreaterThan(0);
    expect(await engine.handle(first)).toEqual([]);
  });

  it('still answers a redelivery only once in a conversation saved by an earlier version (fingerprints as a list)', async () => {
    const storage = new MemoryStorage();
    const engine = testEngine(storage);
    const first = message('ciao');
    await engine.handle(first);
    const key = conversationKey(first.ref);
    const saved = await storage.getVersioned<ConversationState>(CONVERSATIONS, key);
    if (!saved) throw new Error('the state was not saved');
    // What versions before the single string wrote: an array of fingerprints.
    const legacy = { ...saved.value, recentIds: ['x1', messageFingerprint(first.id)] };
    await storage.put(CONVERSATIONS, key, legacy, { expectVersion: saved.version });
    expect(await engine.handle(first)).toEqual([]);
    const next = await engine.handle(message('menu'));
    expect(next.length).toBeGreaterThan(0);
    expect((await engine.getState(first.ref))?.recentIds).toBe(
      `x1 ${messageFingerprint(first.id)} ${messageFingerprint(`m${Number(first.id.slice(1)) + 1}`)}`,
    );
  });

  it('remembers the 32 newest messages: an older one redelivered is answered again, a recent one is not', async () => {
    const engine = testEngine();
    const sent = Array.from({ length: 40 }, (_, i) => message(`domanda ${i}`));
    for (const m of sent) await engine.handle(m);
    expect(await engine.handle(sent[39] as InboundMessage)).toEqual([]);
    expect(await engine.handle(sent[8] as InboundMessage)).toEqual([]);
    expect((await engine.handle(sent[7] as InboundMessage)).length).toBeGreaterThan(0);
  });

  it('serialises concurrent messages of one conversation so no turn is lost', async () => {
    const engine = testEngine();
    await Promise.all(Array.from({ length: 20 }, (_, i) => engine.handle(message(`domanda ${i}`))));
    expect((await engine.getState({ channel: 'test', conversationId: 'c1' }))?.turns).toBe(20);
  });

  it('apologises and rolls back state when a skill throws', async () => {
    const engine = testEngine();
    engine.addSkill({
      id: 'broken',
      async handle(ctx) {
        ctx.state.vars.half = 'written';
        throw new Error('database exploded at /srv/secret/path.ts:12');
      },
    });
    await engine.handle(message('ciao'));
    const replies = await engine.handle(message('domanda'));
    expect(texts(replies)).toContain('problema tecnico');
    expect(texts(replies)).not.toContain('secret');
    const state = await engine.getState({ channel: 'test', conversationId: 'c1' });
    expect(state?.vars.half).toBeUndefined();
    expect(state?.turns).toBe(2);
  });

  it('asks a flooding citizen to slow down once, then stays quiet', async () => {
    const engine = testEngine(new MemoryStorage(), 3);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await engine.handle(message(`msg ${i}`)));
    expect(texts(answers[3] ?? [])).toContain('molto velocemente');
    expect(answers[4]).toEqual([]);
    expect(answers[5]).toEqual([]);
  });
});

describe('Engine: conversation states kept in memory between turns (keepStates)', () => {
  const ref = { channel: 'test', conversationId: 'c1' };
  const key = conversationKey(ref);

  /** An engine keeping states, and its saves (a turn redone after a refused save saves twice). */
  function countingEngine(storage: MemoryStorage) {
    const engine = testEngine(storage, 1000, { keepStates: true });
    return { engine, saves: jest.spyOn(storage, 'batch') };
  }

  it('sees what another writer saved between two turns, without redoing the turn', async () => {
    const storage = new MemoryStorage();
    const { engine, saves } = countingEngine(storage);
    await engine.handle(message('ciao'));
    // The operator console (handoff) changes the state between the citizen's messages.
    const saved = await storage.getVersioned<ConversationState>(CONVERSATIONS, key);
    if (!saved) throw new Error('no state saved');
    saved.value.vars.note = 'written by the console';
    await storage.put(CONVERSATIONS, key, saved.value, { expectVersion: saved.version });
    await engine.handle(message('domanda'));
    const state = await engine.getState(ref);
    expect(state?.vars.note).toBe('written by the console');
    expect(state?.turns).toBe(2);
    expect(saves).toHaveBeenCalledTimes(2);
  });

  it('starts afresh when the state was deleted between two turns (retention, erasure)', async () => {
    const storage = new MemoryStorage();
    const { engine, saves } = countingEngine(storage);
    await engine.handle(message('ciao'));
    await engine.handle(message('domanda'));
    await storage.delete(CONVERSATIONS, key);
    const replies = await engine.handle(message('ciao di nuovo'));
    expect(texts(replies)).toContain('informativa');
    expect((await engine.getState(ref))?.turns).toBe(1);
    expect(saves).toHaveBeenCalledTimes(3);
  });

  it('keeps nothing of a failed turn: the next turn starts from the state saved before it', async () => {
    const engine = testEngine(new MemoryStorage(), 1000, { keepStates: true });
    let broken = false;
    engine.addSkill({
      id: 'sometimes-broken',
      async handle(ctx) {
        if (!broken) return false;
        ctx.state.vars.half = 'written';
        throw new Error('the skill failed half-way');
      },
    });
    await engine.handle(message('ciao'));
    broken = true;
    expect(texts(await engine.handle(message('domanda')))).toContain('problema tecnico');
    broken = false;
    await engine.handle(message('altra domanda'));
    const state = await engine.getState(ref);
    expect(state?.vars.half).toBeUndefined();
    expect(state?.turns).toBe(3);
  });
});
