import { promises as fs } from 'node:fs';
import pino from 'pino';
import { answerQuestion } from '../../../src/kb/kb-answerer';
import { KnowledgeSnapshot } from '../../../src/kb/knowledge-snapshot';
import { loadKnowledge } from '../../../src/kb/loader';
import { Embedder } from '../../../src/kb/semantic/embedder';
import type { FallbackReason } from '../../../src/kb/semantic/errors';
import { OpenAiEmbeddings } from '../../../src/kb/semantic/openai-embeddings';
import { SemanticRetriever } from '../../../src/kb/semantic/semantic-retriever';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { eventually } from '../../helpers/eventually';
import { FakeEmbeddingServer } from '../../helpers/fake-embedding-server';
import { FIXTURE_SYNONYMS, writeFixtureKnowledge } from './semantic-fixture';

const policy = { answerThreshold: 0.6, suggestThreshold: 0.3 };
/** A question the words alone leave in the grey zone and the semantic vote answers (see the e2e test). */
const QUESTION = 'il ritiro del frigorifero a casa';

let dir: string;
let server: FakeEmbeddingServer;
let snapshot: KnowledgeSnapshot;
let semantic: SemanticRetriever;
let clock: number;
const fallbacks: FallbackReason[] = [];
const logs: Array<{ level: number; msg: string }> = [];

beforeAll(async () => {
  dir = await writeFixtureKnowledge();
  const loaded = await loadKnowledge(dir);
  snapshot = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/**
 * A retriever on the fake server. The budget is generous (a busy CI machine can take over 100 ms for a
 * fresh connection) except in the tests about the budget itself, which pass a short one.
 */
async function retriever(queryTimeoutMs = 2_000): Promise<SemanticRetriever> {
  const built = new SemanticRetriever({
    embedder: new Embedder(
      new OpenAiEmbeddings({ baseUrl: server.openaiUrl, model: 'text-embedding-3-small', apiKey: 'sk-test' }),
      { queryTimeoutMs },
    ),
    storage: new MemoryStorage(),
    logger: pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    cacheSize: 0,
    breaker: { threshold: 3, cooldownMs: 30_000, now: () => clock },
    observer: { ranked: () => undefined, fallback: (r) => fallbacks.push(r), embedded: () => undefined },
  });
  await built.sync(snapshot);
  return built;
}

/** Replaces the retriever with one whose question budget is `ms`. */
async function withBudget(ms: number): Promise<void> {
  await semantic.close();
  semantic = await retriever(ms);
}

beforeEach(async () => {
  server = await new FakeEmbeddingServer({ synonyms: FIXTURE_SYNONYMS, apiKey: 'sk-test' }).start();
  fallbacks.length = 0;
  logs.length = 0;
  clock = 1_000_000;
  semantic = await retriever();
});

afterEach(async () => {
  await semantic.close();
  await server.close();
});

const ask = (q = QUESTION) => answerQuestion(q, { snapshot, policy, secondOpinion: semantic });
const lexicalOnly = (q = QUESTION) => answerQuestion(q, { snapshot, policy });

describe('semantic retrieval falls back to the words', () => {
  it('takes part when the server answers in time', async () => {
    const answer = await ask();
    expect(answer.combined).toBe(true);
    expect(answer.decision).toMatchObject({ kind: 'answer', best: { entry: { id: 'ingombranti' } } });
  });

  it.each([
    ['a server error', { kind: 'status', status: 500 } as const, 'server-error'],
    ['a refused request', { kind: 'status', status: 400 } as const, 'rejected'],
    ['a rate limit', { kind: 'rate-limit', retryAfterSeconds: 30 } as const, 'rate-limited'],
    ['a dropped connection', { kind: 'drop' } as const, 'unavailable'],
    ['a malformed answer', { kind: 'malformed' } as const, 'invalid-response'],
  ])('on %s: the lexical answer, with the reason counted', async (_name, fault, reason) => {
    server.fail(fault);
    const answer = await ask();
    expect(answer.combined).toBe(false);
    expect(answer.decision).toEqual((await lexicalOnly()).decision);
    expect(fallbacks).toEqual([reason]);
  });

  it('when the server is down', async () => {
    await server.close();
    const answer = await ask();
    expect(answer).toMatchObject({ combined: false });
    expect(answer.decision).toEqual((await lexicalOnly()).decision);
    expect(fallbacks).toEqual(['unavailable']);
    server = await new FakeEmbeddingServer().start(); // for afterEach
  });

  it('without waiting for a server that never answers: the request is aborted at the budget', async () => {
    await withBudget(100);
    server.failAlways({ kind: 'hang' });
    const answer = await ask();
    expect(answer.combined).toBe(false);
    expect(fallbacks).toEqual(['timeout']);
    // The answer came while the server still held the request, which the client hung up on.
    const request = server.requests.at(-1);
    expect(request?.answered).toBe(false);
    await eventually(() => expect(request?.abandoned).toBe(true));
  });

  it('without waiting for a slow server’s late answer', async () => {
    await withBudget(100);
    server.fail({ kind: 'slow', ms: 20_000 });
    const answer = await ask();
    expect(answer.combined).toBe(false);
    expect(fallbacks).toEqual(['timeout']);
    expect(server.requests.at(-1)?.answered).toBe(false);
  });

  it('skips a server that keeps failing, logging it once, and tries it again after the cool-down', async () => {
    server.failAlways({ kind: 'status', status: 503 });
    for (let i = 0; i < 3; i++) await ask(`${QUESTION} ${i}`);
    const sent = server.requests.length;
    for (let i = 0; i < 5; i++) expect((await ask(`${QUESTION} bis ${i}`)).combined).toBe(false);
    expect(server.requests).toHaveLength(sent); // not even tried
    expect(fallbacks).toEqual([...Array(3).fill('server-error'), ...Array(5).fill('circuit-open')]);
    expect(logs.filter((l) => /embedding server failing/.test(l.msg))).toHaveLength(1);

    server.failAlways(undefined);
    clock += 30_000;
    expect((await ask()).combined).toBe(true);
    expect(server.requests).toHaveLength(sent + 1);
    expect(logs.filter((l) => /answers again/.test(l.msg))).toHaveLength(1);
  });

  it('skips the server for as long as a 429 asks', async () => {
    server.fail({ kind: 'rate-limit', retryAfterSeconds: 10 });
    await ask();
    expect((await ask()).combined).toBe(false);
    expect(fallbacks).toEqual(['rate-limited', 'circuit-open']);
    clock += 10_000;
    expect((await ask()).combined).toBe(true);
  });

  it('never sends personal data to the server', async () => {
    await ask('ritiro del frigorifero, chiamatemi al 347 123 4567 o mario.rossi@example.org');
    const sent = server.requests.at(-1)?.inputs[0] ?? '';
    expect(sent).toContain('frigorifero');
    expect(sent).not.toMatch(/\d{3}|@/);
  });
});

describe('question vectors', () => {
  it('are cached for a repeated question when a cache is configured', async () => {
    const cached = new SemanticRetriever({
      embedder: new Embedder(
        new OpenAiEmbeddings({
          baseUrl: server.openaiUrl,
          model: 'text-embedding-3-small',
          apiKey: 'sk-test',
        }),
        { queryTimeoutMs: 1000 },
      ),
      storage: new MemoryStorage(),
      logger: pino({ level: 'silent' }),
    });
    await cached.sync(snapshot);
    const before = server.requests.length;
    await answerQuestion(QUESTION, { snapshot, policy, secondOpinion: cached });
    await answerQuestion(QUESTION, { snapshot, policy, secondOpinion: cached });
    expect(server.requests).toHaveLength(before + 1);
    await cached.close();
  });
});
