import { promises as fs } from 'node:fs';
import pino from 'pino';
import type { Engine } from '../../../src/engine/engine';
import type { OutboundReply } from '../../../src/engine/types';
import { createKnowledgeBase, type KnowledgeBase } from '../../../src/kb';
import { Embedder } from '../../../src/kb/semantic/embedder';
import { OllamaEmbeddings } from '../../../src/kb/semantic/ollama-embeddings';
import { SemanticRetriever } from '../../../src/kb/semantic/semantic-retriever';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { FakeEmbeddingServer } from '../../helpers/fake-embedding-server';
import { message, testEngine } from '../../helpers/test-engine';
import { FIXTURE_SYNONYMS, writeFixtureKnowledge } from './semantic-fixture';

const logger = pino({ level: 'silent' });
let dir: string;
let server: FakeEmbeddingServer;
const opened: KnowledgeBase[] = [];

beforeAll(async () => {
  dir = await writeFixtureKnowledge();
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
beforeEach(async () => {
  server = await new FakeEmbeddingServer({ synonyms: FIXTURE_SYNONYMS }).start();
});
afterEach(async () => {
  for (const kb of opened.splice(0)) await kb.close();
  await server.close();
});

/**
 * A citizen's chat with an engine wired like the app, its knowledge base with or without semantic retrieval.
 * The question budget is generous (a busy CI machine can be slow to connect) unless a test is about it.
 */
async function chat(
  withSemantic: boolean,
  queryTimeoutMs = 2_000,
): Promise<(text: string) => Promise<OutboundReply[]>> {
  const storage = new MemoryStorage();
  const semantic = withSemantic
    ? new SemanticRetriever({
        embedder: new Embedder(new OllamaEmbeddings({ baseUrl: server.url, model: 'bge-m3' }), {
          queryTimeoutMs,
        }),
        storage,
        logger,
      })
    : undefined;
  const kb = await createKnowledgeBase({
    dir,
    watch: false,
    pollMs: 0,
    answerThreshold: 0.6,
    suggestThreshold: 0.3,
    storage,
    logger,
    semantic,
  });
  opened.push(kb);
  await semantic?.idle();
  const engine: Engine = testEngine(storage).addSkill(kb.skill);
  await engine.handle(message('ciao')); // the welcome turn
  return (text) => engine.handle(message(text));
}

describe('semantic retrieval through the engine and the knowledge-base skill', () => {
  it('answers a question the words alone only half understand', async () => {
    const question = 'il ritiro del frigorifero a casa';
    const [lexical] = await (await chat(false))(question);
    // The words alone rank the entry first but are not sure enough to answer with it.
    expect(lexical?.text).not.toMatch(/^\*\*Ritiro a domicilio/);
    const [answer] = await (await chat(true))(question);
    expect(answer?.text).toMatch(/^\*\*Ritiro a domicilio dei rifiuti ingombranti\*\*/);
    expect(answer?.text).toMatch(/utile\?$/);
  });

  it('offers the entry the words could not find at all', async () => {
    const question = 'dove porto il ciarpame?';
    const [lexical] = await (await chat(false))(question);
    expect(lexical?.choices?.map((c) => c.value)).not.toContain('kb:entry:ingombranti');
    const [reply] = await (await chat(true))(question);
    expect(reply?.text).toBe('Forse cercavi…');
    expect(reply?.choices?.map((c) => c.label)).toContain('Ritiro a domicilio dei rifiuti ingombranti');
  });

  it('replies from the words alone, at once, when the embedding server does not answer', async () => {
    const question = 'il ritiro del frigorifero a casa';
    const [lexical] = await (await chat(false))(question);
    const say = await chat(true, 250);
    server.failAlways({ kind: 'hang' });
    const [reply] = await say(question);
    // The words alone, as without semantic retrieval: not the answer the server would have made sure of.
    expect(reply?.text).toBe(lexical?.text);
    expect(reply?.text).not.toMatch(/^\*\*Ritiro a domicilio/);
    expect(server.requests.at(-1)).toMatchObject({ answered: false });
  });
});
