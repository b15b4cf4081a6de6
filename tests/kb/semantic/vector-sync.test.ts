import { promises as fs } from 'node:fs';
import pino from 'pino';
import { createKnowledgeBase, type KnowledgeBase } from '../../../src/kb';
import { contentHash } from '../../../src/kb/entry-file';
import { Embedder } from '../../../src/kb/semantic/embedder';
import { EmbeddingHttpError, EmbeddingRateLimitError } from '../../../src/kb/semantic/errors';
import { OllamaEmbeddings } from '../../../src/kb/semantic/ollama-embeddings';
import { SemanticRetriever } from '../../../src/kb/semantic/semantic-retriever';
import { KB_VECTORS } from '../../../src/kb/semantic/vector-store';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { Storage } from '../../../src/storage/storage';
import { eventually } from '../../helpers/eventually';
import { FakeEmbeddingServer } from '../../helpers/fake-embedding-server';
import { FIXTURE_ENTRIES, FIXTURE_SYNONYMS, writeFixtureKnowledge } from './semantic-fixture';

let dir: string;
let server: FakeEmbeddingServer;
let storage: MemoryStorage;
const open: KnowledgeBase[] = [];
const logs: Array<{ level: number; msg: string }> = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });

beforeEach(async () => {
  dir = await writeFixtureKnowledge();
  server = await new FakeEmbeddingServer({ synonyms: FIXTURE_SYNONYMS }).start();
  storage = new MemoryStorage();
  logs.length = 0;
});

afterEach(async () => {
  for (const kb of open.splice(0)) await kb.close();
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** An instance's knowledge base with semantic retrieval on `model`, once its first vector pass is over. */
async function instance(on: Storage = storage, model = 'bge-m3'): Promise<KnowledgeBase> {
  const semantic = new SemanticRetriever({
    embedder: new Embedder(new OllamaEmbeddings({ baseUrl: server.url, model }), {
      queryTimeoutMs: 1000,
      batchSize: 5,
    }),
    storage: on,
    logger,
    retryBaseMs: 20,
  });
  const kb = await createKnowledgeBase({
    dir,
    watch: false,
    pollMs: 0,
    answerThreshold: 0.6,
    suggestThreshold: 0.3,
    storage: on,
    logger,
    semantic,
  });
  open.push(kb);
  await semantic.idle();
  return kb;
}

const storedKeys = async () => (await storage.list(KB_VECTORS)).map((r) => r.key);

describe('entry vectors', () => {
  it('are computed once, in batches, and kept in storage under model and entry id', async () => {
    const kb = await instance();
    expect(server.embeddedTexts).toHaveLength(FIXTURE_ENTRIES.length);
    expect(server.requests.map((r) => r.inputs.length)).toEqual([5, 5, 2]);
    expect(await storedKeys()).toEqual(FIXTURE_ENTRIES.map((e) => `bge-m3|${e.id}`).sort());
    expect(kb.semantic?.status()).toMatchObject({ vectors: FIXTURE_ENTRIES.length, missing: 0 });
  });

  it('are not computed again after a restart, nor by a second instance on the same database', async () => {
    const first = await instance();
    const requests = server.requests.length;
    await first.close();
    const restarted = await instance();
    const other = await instance();
    expect(server.requests).toHaveLength(requests);
    expect(restarted.semantic?.status().vectors).toBe(FIXTURE_ENTRIES.length);
    expect(other.semantic?.status().vectors).toBe(FIXTURE_ENTRIES.length);
  });

  it('are computed anew for another model, kept apart from the first one’s', async () => {
    await instance();
    await instance(storage, 'multilingual-e5');
    expect(server.embeddedTexts).toHaveLength(2 * FIXTURE_ENTRIES.length);
    expect((await storedKeys()).filter((k) => k.startsWith('multilingual-e5|'))).toHaveLength(
      FIXTURE_ENTRIES.length,
    );
  });

  it('are recomputed for an entry edited in the console, and only for it', async () => {
    const kb = await instance();
    const before = server.embeddedTexts.length;
    const repo = kb.store.repository;
    const current = await repo.get('biblioteca');
    const edited = {
      ...(current?.doc.published as NonNullable<typeof current>['doc']['published'] & object),
    };
    edited.body = 'La biblioteca è chiusa per lavori fino a marzo.';
    await repo.saveDraft(edited, 'elena', current?.version ?? 0);
    await repo.publishDraft('biblioteca', 'elena', (current?.version ?? 0) + 1);
    await kb.store.refresh();
    await kb.semantic?.idle();
    const added = server.embeddedTexts.slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('chiusa per lavori');
    const stored = await storage.get<{ hash: string }>(KB_VECTORS, 'bge-m3|biblioteca');
    expect(stored?.hash).toBe(contentHash(edited));
  });

  it('are recomputed on another instance’s edit only once, by whichever instance gets there first', async () => {
    const a = await instance();
    const b = await instance();
    const before = server.embeddedTexts.length;
    const current = await a.store.repository.get('tari');
    const edited = {
      ...(current?.doc.published as NonNullable<typeof current>['doc']['published'] & object),
    };
    edited.body = 'La TARI si paga in tre rate.';
    await a.store.repository.saveDraft(edited, 'elena', current?.version ?? 0);
    await a.store.repository.publishDraft('tari', 'elena', (current?.version ?? 0) + 1);
    await a.store.refresh();
    await a.semantic?.idle();
    await b.store.refresh(); // the generation poll, on the other instance
    await b.semantic?.idle();
    expect(server.embeddedTexts.slice(before)).toHaveLength(1);
    expect(b.semantic?.status()).toMatchObject({ vectors: FIXTURE_ENTRIES.length, missing: 0 });
  });

  it('are deleted with their entry', async () => {
    const kb = await instance();
    await kb.store.repository.remove('dehors', 'elena');
    await kb.store.refresh();
    await kb.semantic?.idle();
    expect(await storedKeys()).not.toContain('bge-m3|dehors');
    expect(kb.semantic?.status().vectors).toBe(FIXTURE_ENTRIES.length - 1);
  });

  it('wait for a server that is down, then catch up, logging the outage once', async () => {
    server.failAlways({ kind: 'status', status: 500 });
    const kb = await instance();
    expect(kb.semantic?.status()).toMatchObject({ vectors: 0, missing: FIXTURE_ENTRIES.length });
    expect(kb.semantic?.status().lastError).toBeInstanceOf(EmbeddingHttpError);
    // Retries back off (20 ms, 40 ms, …) and say nothing more at warn level. The embeddings client retries a
    // 500 itself with waits of its own, so on a busy machine the third request can take several seconds.
    await eventually(() => expect(server.requests.length).toBeGreaterThanOrEqual(3), 20_000);
    server.failAlways(undefined);
    await eventually(() => expect(kb.semantic?.status()).toMatchObject({ vectors: 12, missing: 0 }), 20_000);
    const warnings = logs.filter((l) => l.level === 40 && /could not be embedded/.test(l.msg));
    expect(warnings).toHaveLength(1);
    expect(logs.filter((l) => /up to date again/.test(l.msg))).toHaveLength(1);
  });

  it('wait at least as long as a 429’s Retry-After before trying again', async () => {
    server.fail({ kind: 'rate-limit', retryAfterSeconds: 2 });
    const kb = await instance();
    expect(kb.semantic?.status().lastError).toBeInstanceOf(EmbeddingRateLimitError);
    // Far past the 20 ms back-off, still well within the server's 2 s: no new request yet.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests).toHaveLength(1);
    await eventually(() => expect(kb.semantic?.status().missing).toBe(0), 10_000);
  });

  it('retry when their timer fires a moment before the clock reaches the retry time', async () => {
    server.fail({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const kb = await instance();
    expect(kb.semantic?.status().missing).toBe(FIXTURE_ENTRIES.length);
    // Timers and Date.now() are different clocks: let the wall clock lag 50 ms behind the timer.
    const now = Date.now.bind(Date);
    const lagging = jest.spyOn(Date, 'now').mockImplementation(() => now() - 50);
    try {
      await eventually(() => expect(kb.semantic?.status().missing).toBe(0), 10_000);
    } finally {
      lagging.mockRestore();
    }
  });
});
