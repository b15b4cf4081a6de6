import * as path from 'node:path';
import type { BaseMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import pino from 'pino';
import { Engine } from '../../src/engine/engine';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import type { OutboundReply } from '../../src/engine/types';
import { QueuedHandoff } from '../../src/handoff/queued-handoff';
import { createChatModel, createKnowledgeBase, type KnowledgeBase } from '../../src/kb';
import { detectLanguage } from '../../src/kb/detect-language';
import type { KbEntry } from '../../src/kb/entry';
import { answerFromEntries } from '../../src/kb/generative';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from '../../src/kb/policy';
import { MemoryStorage } from '../../src/storage/memory-storage';

/** A FakeListChatModel that also records what it was sent, to check what would leave the process. */
class RecordingModel extends FakeListChatModel {
  sent: BaseMessage[][] = [];
  override async _generate(
    messages: BaseMessage[],
    ...rest: Parameters<FakeListChatModel['_generate']> extends [unknown, ...infer R] ? R : never
  ) {
    this.sent.push(messages);
    return super._generate(messages, ...rest);
  }
}

const logger = pino({ level: 'silent' });
let kb: KnowledgeBase | undefined;
afterEach(() => kb?.close());

async function setup(model: RecordingModel): Promise<(text: string) => Promise<OutboundReply[]>> {
  const storage = new MemoryStorage();
  kb = await createKnowledgeBase({
    dir: path.join(__dirname, '../../knowledge'),
    watch: false,
    answerThreshold: DEFAULT_ANSWER_THRESHOLD,
    suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
    llm: model,
    storage,
    logger,
  });
  const engine = new Engine({
    storage,
    logger,
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
  });
  useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) }).addSkill(kb.skill);
  let n = 0;
  const say = (text: string) =>
    engine.handle({
      id: `m${++n}`,
      ref: { channel: 't', conversationId: 'c', userId: 'u' },
      text,
      timestamp: new Date(),
    });
  // The citizen has been welcomed already: the tests look at the answers to their questions.
  await say('ciao');
  return say;
}

const sentText = (model: RecordingModel) =>
  model.sent
    .flat()
    .map((m) => String(m.content))
    .join('\n');

describe('generative mode', () => {
  it('answers from the retrieved entries with their links as sources', async () => {
    const model = new RecordingModel({
      responses: [
        'Il centro di raccolta apre dal lunedì al venerdì 14-18 e il sabato 8-13.\nSOURCES: isola-ecologica',
      ],
    });
    const say = await setup(model);
    const [answer, ...rest] = await say('a che ora apre l isola ecologica il sabato?');
    expect(rest).toEqual([]);
    expect(answer?.text).toMatch(/^Il centro di raccolta apre dal lunedì/);
    expect(answer?.text).not.toMatch(/SOURCES/);
    expect(answer?.links).toEqual([
      { label: 'Centro di raccolta', url: 'https://www.comune.esempio.it/ambiente/centro-raccolta' },
    ]);
    // The feedback question ends the answer, its buttons after the answer's own (issue 26, item 4).
    expect(answer?.text).toMatch(/Ti è stata utile\?$/);
    expect(answer?.choices?.slice(-2).map((c) => c.value)).toEqual([
      'kb:feedback:yes:isola-ecologica',
      'kb:feedback:no:isola-ecologica',
    ]);
    expect(sentText(model)).toContain('<entry id="isola-ecologica">');
  });

  it('refuses honestly when the model says the entries do not answer', async () => {
    const model = new RecordingModel({ responses: ['NO_ANSWER'] });
    const say = await setup(model);
    const [reply, ...rest] = await say("all'isola ecologica posso portare l'amianto?");
    expect(model.sent).toHaveLength(1);
    expect(rest).toEqual([]);
    expect(reply?.text).toMatch(/non ho informazioni sicure/);
    expect(reply?.choices).toContainEqual({ label: 'Parla con un operatore', value: 'menu:operator' });
  });

  it('never calls the model for out-of-scope questions', async () => {
    const model = new RecordingModel({ responses: ['should not be used'] });
    const say = await setup(model);
    const [reply] = await say('chi ha vinto la partita ieri sera?');
    expect(model.sent).toHaveLength(0);
    expect(reply?.text).toMatch(/non ho informazioni sicure/);
  });

  it('redacts codice fiscale, phone, e-mail and IBAN before the question reaches the model', async () => {
    const model = new RecordingModel({ responses: ['Puoi pagare con PagoPA.\nSOURCES: tari-pagamento'] });
    const say = await setup(model);
    await say(
      'sono RSSMRA85T10A562S tel 333 1234567 mail mario@example.it, come pago la tari? il mio iban è IT60X0542811101000000123456',
    );
    const sent = sentText(model);
    expect(sent).toContain('[CODICE_FISCALE]');
    expect(sent).toContain('[TELEFONO]');
    expect(sent).toContain('[EMAIL]');
    expect(sent).toContain('[IBAN]');
    for (const pii of ['RSSMRA85T10A562S', '1234567', 'mario@example.it', 'IT60X0542811101000000123456']) {
      expect(sent).not.toContain(pii);
    }
  });

  it('treats an answer citing only unknown entries as a refusal', async () => {
    const entry = {
      id: 'a',
      title: 'A',
      body: 'B',
      lang: 'it',
      questions: ['q'],
      tags: [],
      links: [],
      file: 'it/a.md',
    } satisfies KbEntry;
    const model = new RecordingModel({ responses: ['Inventato.\nSOURCES: somewhere-else'] });
    expect(await answerFromEntries(model, 'domanda', [entry], 'it')).toEqual({ kind: 'refusal' });
  });

  it('is off unless LLM_PROVIDER names a provider', () => {
    const base = {
      LLM_MODEL: undefined,
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: undefined,
      OLLAMA_BASE_URL: 'http://127.0.0.1:11434',
    };
    expect(createChatModel({ ...base, LLM_PROVIDER: 'none' })).toBeUndefined();
    expect(createChatModel({ ...base, LLM_PROVIDER: 'ollama' })?._llmType()).toBe('ollama');
    expect(createChatModel({ ...base, LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' })?._llmType()).toBe(
      'openai',
    );
  });
});
