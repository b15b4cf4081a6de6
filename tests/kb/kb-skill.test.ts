import * as path from 'node:path';
import pino from 'pino';
import { WAITING } from '../../src/engine/dialog';
import { Engine } from '../../src/engine/engine';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import type { OutboundReply } from '../../src/engine/types';
import { QueuedHandoff } from '../../src/handoff/queued-handoff';
import { createKnowledgeBase, KB_FEEDBACK_STREAM, type KbFeedback, type KnowledgeBase } from '../../src/kb';
import { detectLanguage } from '../../src/kb/detect-language';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from '../../src/kb/policy';
import { MemoryStorage } from '../../src/storage/memory-storage';

const logger = pino({ level: 'silent' });
let storage: MemoryStorage;
let engine: Engine;
let kb: KnowledgeBase;
let n = 0;

beforeEach(async () => {
  storage = new MemoryStorage();
  kb = await createKnowledgeBase({
    dir: path.join(__dirname, '../../knowledge'),
    watch: false,
    answerThreshold: DEFAULT_ANSWER_THRESHOLD,
    suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
    storage,
    logger,
  });
  engine = new Engine({
    storage,
    logger,
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
  });
  useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) })
    .addDialog(
      {
        id: 'pass-sosta-residenti',
        begin: async (ctx) => {
          ctx.reply('Targa?');
          return WAITING;
        },
        continue: async () => WAITING,
      },
      { title: { it: 'Pass sosta residenti', en: 'Residents’ parking permit' } },
    )
    .addSkill(kb.skill);
  await say('ciao'); // the welcome turn
});

afterEach(() => kb.close());

function say(text: string, value?: string): Promise<OutboundReply[]> {
  n += 1;
  return engine.handle({
    id: `m${n}`,
    ref: { channel: 'test', conversationId: 'c1', userId: 'u1' },
    text,
    ...(value ? { value } : {}),
    timestamp: new Date(),
  });
}

describe('knowledge-base skill through the engine', () => {
  it('answers an English question from an Italian-only entry, in English around it', async () => {
    const [answer] = await say('Is there a public library with English books?');
    expect(answer?.text).toMatch(
      /^\*\*[^\n]*[Bb]iblioteca[^\n]*\*\*\n\n_This page is only available in Italian\._\n\n/,
    );
    expect(answer?.text).toMatch(/\n\nWas this helpful\?$/);
  });

  it('answers a confident question with title, body, source links and the feedback question', async () => {
    const [answer, ...rest] = await say('orari isola ecologica');
    expect(rest).toEqual([]);
    expect(answer?.text).toMatch(
      /^\*\*Centro di raccolta \(isola ecologica\): orari e cosa portare\*\*\n\nIl \*\*centro di raccolta\*\*/,
    );
    expect(answer?.links).toEqual([
      { label: 'Centro di raccolta', url: 'https://www.comune.esempio.it/ambiente/centro-raccolta' },
    ]);
    // The feedback question ends the same message, so its buttons never push the answer's own away.
    expect(answer?.text).toMatch(/\n\nTi è stata utile\?$/);
    expect(answer?.choices).toEqual([
      { label: 'Sì, utile', value: 'kb:feedback:yes:isola-ecologica' },
      { label: 'Non utile', value: 'kb:feedback:no:isola-ecologica' },
    ]);
  });

  it('records feedback and on "no" offers to rephrase or an operator', async () => {
    await say('orari isola ecologica');
    expect(await say('Sì', 'kb:feedback:yes:isola-ecologica')).toEqual([
      { text: 'Grazie del riscontro!', format: 'plain' },
    ]);
    const [sorry] = await say('No', 'kb:feedback:no:isola-ecologica');
    expect(sorry?.choices?.map((c) => c.value)).toEqual(['menu:faq', 'menu:operator']);
    const stored = await storage.read<KbFeedback>(KB_FEEDBACK_STREAM);
    expect(stored.map((e) => [e.value.entry, e.value.useful, e.value.conversation])).toEqual([
      ['isola-ecologica', true, 'test:c1'],
      ['isola-ecologica', false, 'test:c1'],
    ]);
  });

  it('offers the entry’s service as a choice the command router starts', async () => {
    const [answer] = await say('quanto costa il pass per parcheggiare sulle strisce blu sotto casa');
    expect(answer?.choices?.[0]).toEqual({
      label: 'Avvia: Pass sosta residenti',
      value: 'service:pass-sosta-residenti',
    });
    expect(await say('Avvia', 'service:pass-sosta-residenti')).toEqual([{ text: 'Targa?' }]);
  });

  it('turns relative links to other entries into "see" choices that show them', async () => {
    const [answer] = await say('ho la carta d identita scaduta da rinnovare');
    expect(answer?.text).toContain('vedi invece carta smarrita o rubata.');
    const see = answer?.choices?.find((c) => c.value === 'kb:entry:cie-smarrimento');
    expect(see?.label).toBe("Vedi: Carta d'identità smarrita, rubata o deteriorata");
    const [shown] = await say(see?.label ?? '', see?.value);
    expect(shown?.text).toMatch(/^\*\*Carta d'identità smarrita/);
  });

  it('in the grey zone offers the closest entries ("Forse cercavi…") and an operator', async () => {
    const [reply, ...rest] = await say('TARI');
    expect(rest).toEqual([]);
    expect(reply?.text).toBe('Forse cercavi…');
    const values = reply?.choices?.map((c) => c.value) ?? [];
    expect(values).toEqual(
      expect.arrayContaining(['kb:entry:tari-cosa-e', 'kb:entry:tari-pagamento', 'menu:operator']),
    );
    const [answer] = await say('TARI: scadenze e pagamento', 'kb:entry:tari-pagamento');
    expect(answer?.text).toMatch(/^\*\*TARI: scadenze e pagamento\*\*/);
  });

  it('says honestly it does not know an out-of-scope question and offers an operator', async () => {
    const [reply, ...rest] = await say('chi ha vinto la partita ieri sera?');
    expect(rest).toEqual([]);
    expect(reply?.text).toMatch(/non ho informazioni sicure/);
    expect(reply?.choices).toContainEqual({ label: 'Parla con un operatore', value: 'menu:operator' });
  });

  it('answers in the citizen’s language and switches the conversation to it', async () => {
    const [answer] = await say('how do I renew my identity card?');
    expect(answer?.text).toMatch(/^\*\*Electronic identity card \(CIE\)\*\*/);
    expect(answer?.text).toMatch(/Was this helpful\?$/);
    expect((await engine.getState({ channel: 'test', conversationId: 'c1' }))?.lang).toBe('en');
    const [none] = await say('what is the capital of spain');
    expect(none?.choices).toContainEqual({ label: 'Talk to an operator', value: 'menu:operator' });
  });

  it('answers from the "Domande frequenti" dialog too', async () => {
    const [ask] = await say('Domande frequenti', 'menu:faq');
    expect(ask?.text).toMatch(/Scrivi pure la tua domanda/);
    const [answer] = await say('quando passa la plastica');
    expect(answer?.text).toMatch(/^\*\*Raccolta differenziata porta a porta/);
  });

  it('leaves empty messages to the engine and shows a gone entry politely', async () => {
    expect(await kb.skill.handle({ input: '' } as never)).toBe(false);
    const replies = await say('x', 'kb:entry:does-not-exist');
    expect(replies[0]?.text).toBe('Questa informazione non è più disponibile.');
    expect(replies[1]?.choices).toContainEqual({ label: 'Parla con un operatore', value: 'menu:operator' });
  });

  it('records the entries shown in the transcript metadata', async () => {
    await say('orari isola ecologica');
    const transcript = await storage.read<{ dir: string; meta?: { kbEntries?: string[] } }>(
      'transcript:test:c1',
    );
    expect(transcript.some((e) => e.value.meta?.kbEntries?.includes('isola-ecologica'))).toBe(true);
  });
});
