import { conversationKey } from '../../src/engine/conversation-state';
import { transcriptStream } from '../../src/engine/transcript';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { message, testEngine, texts } from '../helpers/test-engine';

const ref = { channel: 'test', conversationId: 'c1', userId: 'u1' };

describe('Engine.open: greeting a conversation before the citizen types', () => {
  it('greets with the welcome, the privacy notice and the three-way menu, recording only the replies', async () => {
    const storage = new MemoryStorage();
    const engine = testEngine(storage);
    const opened = await engine.open(ref, 'it-IT');
    expect(texts(opened.replies)).toContain('sportello digitale del Comune di Esempio');
    expect(texts(opened.replies)).toContain('informativa');
    expect(opened.replies.at(-1)?.choices?.map((c) => c.label)).toEqual([
      'Domande frequenti',
      'Avvia una pratica',
      'Parla con un operatore',
    ]);
    const transcript = await storage.read(transcriptStream(conversationKey(ref)));
    expect(transcript.map((e) => (e.value as { dir: string }).dir)).toEqual(['out', 'out', 'out']);
    expect(opened.replySeqs).toEqual(transcript.map((e) => e.seq));
  });

  it('greets only once: opening again (a reload) says nothing, and the first message is not welcomed again', async () => {
    const engine = testEngine();
    await engine.open(ref);
    expect((await engine.open(ref)).replies).toEqual([]);
    const hello = await engine.handle(message('ciao', { ref }));
    expect(texts(hello)).not.toContain('informativa');
    // A greeting after the greeting brings the menu back, not "I did not understand".
    expect(texts(hello)).not.toContain('Non sono sicuro');
    expect(hello.at(-1)?.choices?.map((c) => c.label)).toContain('Domande frequenti');
  });

  it('says nothing when opened after the citizen already wrote (welcomed by the first message)', async () => {
    const engine = testEngine();
    await engine.handle(message('ciao', { ref }));
    expect((await engine.open(ref)).replies).toEqual([]);
  });

  it('greets in the language of the page', async () => {
    const opened = await testEngine().open(ref, 'en-GB');
    expect(texts(opened.replies)).toContain('digital front desk');
  });
});
