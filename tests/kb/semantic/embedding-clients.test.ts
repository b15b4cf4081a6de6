import { Embedder } from '../../../src/kb/semantic/embedder';
import type { EmbeddingProvider } from '../../../src/kb/semantic/embedding-provider';
import {
  EmbeddingHttpError,
  EmbeddingRateLimitError,
  EmbeddingResponseError,
  EmbeddingTimeoutError,
  EmbeddingUnavailableError,
} from '../../../src/kb/semantic/errors';
import { OllamaEmbeddings } from '../../../src/kb/semantic/ollama-embeddings';
import { OpenAiEmbeddings } from '../../../src/kb/semantic/openai-embeddings';
import { eventually } from '../../helpers/eventually';
import { type FakeApi, FakeEmbeddingServer } from '../../helpers/fake-embedding-server';

const KEY = 'sk-test-0123456789';

/** The same suite for both APIs: each must turn every kind of failure into its named error. */
describe.each<[FakeApi, (server: FakeEmbeddingServer, model?: string) => EmbeddingProvider]>([
  [
    'openai',
    (s, model = 'text-embedding-3-small') =>
      new OpenAiEmbeddings({ baseUrl: s.openaiUrl, model, apiKey: KEY }),
  ],
  ['ollama', (s, model = 'bge-m3') => new OllamaEmbeddings({ baseUrl: s.url, model })],
])('%s embeddings client', (api, make) => {
  let server: FakeEmbeddingServer;
  let provider: EmbeddingProvider;
  const opts = { timeoutMs: 5000 };

  beforeEach(async () => {
    server = await new FakeEmbeddingServer({ apiKey: KEY, dims: 64 }).start();
    provider = make(server);
  });
  afterEach(() => server.close());

  it('returns one vector per input, in input order', async () => {
    const vectors = await provider.embed(['orari anagrafe', 'raccolta rifiuti'], opts);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toEqual(server.vector('orari anagrafe'));
    expect(vectors[1]).toEqual(server.vector('raccolta rifiuti'));
    expect(server.requests[0]).toMatchObject({ api, inputs: ['orari anagrafe', 'raccolta rifiuti'] });
  });

  it('reports a 400 with the message of the provider’s error body', async () => {
    server.fail({ kind: 'status', status: 400 });
    const err = await provider.embed(['x y'], opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingHttpError);
    expect(err).toMatchObject({ status: 400, reason: 'rejected' });
    expect((err as EmbeddingHttpError).providerMessage).toMatch(
      api === 'openai' ? /'\$\.input' is invalid/ : /invalid input/,
    );
  });

  it('reports an unknown model as the provider words it', async () => {
    const err = await make(server, 'no-such-model')
      .embed(['x y'], opts)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, reason: 'rejected' });
    expect((err as Error).message).toMatch(api === 'openai' ? /does not exist/ : /try pulling it first/);
  });

  it('reports a 401', async () => {
    server.fail({ kind: 'status', status: 401 });
    await expect(provider.embed(['x y'], opts)).rejects.toMatchObject({ status: 401, reason: 'rejected' });
  });

  it('reports a 429 with the Retry-After it asked for', async () => {
    server.fail({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const err = await provider.embed(['x y'], opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingRateLimitError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 7000, reason: 'rate-limited' });
  });

  it('reports a 500 as a server error', async () => {
    server.fail({ kind: 'status', status: 500 });
    await expect(provider.embed(['x y'], opts)).rejects.toMatchObject({
      status: 500,
      reason: 'server-error',
    });
  });

  it('reports malformed JSON, a missing vector and a vector of another length', async () => {
    server.fail({ kind: 'malformed' }, { kind: 'wrong-count' });
    await expect(provider.embed(['x y'], opts)).rejects.toBeInstanceOf(EmbeddingResponseError);
    await expect(provider.embed(['x y', 'z w'], opts)).rejects.toThrow(/1 vectors for 2 inputs/);
    const embedder = new Embedder(provider, { queryTimeoutMs: 5000 });
    await embedder.embedQuery('orari');
    server.fail({ kind: 'wrong-dims' });
    await expect(embedder.embedQuery('orari')).rejects.toThrow(/65 dimensions where the model gave 64/);
  });

  it('reports a dropped connection and a closed port as unavailable', async () => {
    server.fail({ kind: 'drop' });
    await expect(provider.embed(['x y'], opts)).rejects.toBeInstanceOf(EmbeddingUnavailableError);
    await server.close();
    const err = await provider.embed(['x y'], opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingUnavailableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    server = await new FakeEmbeddingServer().start(); // for afterEach
  });

  it('aborts a request the server does not answer within the timeout', async () => {
    server.failAlways({ kind: 'hang' });
    const err = await provider.embed(['x y'], { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingTimeoutError);
    // The client hung up: the server sees the connection close before it ever answered.
    await eventually(() => expect(server.requests[0]).toMatchObject({ abandoned: true, answered: false }));
  });
});

describe('Embedder', () => {
  let server: FakeEmbeddingServer;
  afterEach(() => server.close());

  it('sends documents in batches and puts the model’s prefixes before questions and entries', async () => {
    server = await new FakeEmbeddingServer().start();
    const embedder = new Embedder(new OllamaEmbeddings({ baseUrl: server.url, model: 'multilingual-e5' }), {
      queryTimeoutMs: 1000,
      batchSize: 2,
      queryPrefix: 'query:',
      documentPrefix: 'passage:',
    });
    const docs = await embedder.embedDocuments(['uno due', 'tre quattro', 'cinque sei']);
    expect(docs).toHaveLength(3);
    expect(server.requests.map((r) => r.inputs)).toEqual([
      ['passage: uno due', 'passage: tre quattro'],
      ['passage: cinque sei'],
    ]);
    await embedder.embedQuery('orari anagrafe');
    expect(server.requests[2]?.inputs).toEqual(['query: orari anagrafe']);
    // Unit vectors: a dot product is the cosine.
    expect(docs[0]?.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 5);
  });

  it('gives stored vectors a new recipe when the model or the document prefix changes', () => {
    const provider = (model: string) => new OllamaEmbeddings({ baseUrl: 'http://127.0.0.1:1', model });
    const a = new Embedder(provider('bge-m3'), { queryTimeoutMs: 1 });
    expect(new Embedder(provider('bge-m3'), { queryTimeoutMs: 5, queryPrefix: 'q:' }).recipe).toBe(a.recipe);
    expect(
      new Embedder(provider('bge-m3'), { queryTimeoutMs: 1, documentPrefix: 'passage:' }).recipe,
    ).not.toBe(a.recipe);
    expect(new Embedder(provider('multilingual-e5'), { queryTimeoutMs: 1 }).recipe).not.toBe(a.recipe);
  });
});
