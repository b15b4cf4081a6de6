import * as path from 'node:path';
import { loadKnowledge } from '../../../src/kb/loader';
import { KB_VECTORS } from '../../../src/kb/semantic/vector-store';
import { eventually } from '../../helpers/eventually';
import { FakeEmbeddingServer } from '../../helpers/fake-embedding-server';
import { message } from '../../helpers/test-engine';
import { type AppHarness, SECRETS, startApp } from '../../http/app-harness';

describe('semantic retrieval in the app (KB_EMBEDDINGS)', () => {
  let server: FakeEmbeddingServer;
  let harness: AppHarness;

  beforeAll(async () => {
    server = await new FakeEmbeddingServer().start();
    harness = await startApp({
      KB_EMBEDDINGS: 'ollama',
      KB_EMBEDDINGS_URL: server.url,
      KB_EMBEDDINGS_BATCH: '16',
    });
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('embeds the knowledge base into storage, ranks questions and reports it in /metrics', async () => {
    const entries = (await loadKnowledge(path.join(__dirname, '../../../knowledge'))).entries.length;
    await eventually(async () => expect(await harness.app.storage.list(KB_VECTORS)).toHaveLength(entries));
    await harness.app.engine.handle(
      message('ciao', { ref: { channel: 'test', conversationId: 'w1', userId: 'u' } }),
    );
    await harness.app.engine.handle(
      message('orari della biblioteca', { ref: { channel: 'test', conversationId: 'w1', userId: 'u' } }),
    );
    expect(server.requests.at(-1)?.inputs).toEqual(['orari della biblioteca']);
    const res = await fetch(`${harness.url}/metrics`, {
      headers: { authorization: `Bearer ${SECRETS.metricsToken}` },
    });
    const text = await res.text();
    expect(text).toContain('sportello_kb_semantic_requests_total{outcome="ranked"} 1');
    expect(text).toContain(`sportello_kb_semantic_documents_embedded_total ${entries}`);
    expect(text).toMatch(/sportello_kb_semantic_query_seconds_count 1/);
  });

  it('stops the background work on shutdown', async () => {
    server.failAlways({ kind: 'hang' });
    const other = await startApp({ KB_EMBEDDINGS: 'ollama', KB_EMBEDDINGS_URL: server.url });
    await eventually(() => expect(server.requests.some((r) => r.outcome === 'hang')).toBe(true));
    await other.close(); // resolves although the server holds the batch request: it is aborted
    await eventually(() =>
      expect(server.requests.filter((r) => r.outcome === 'hang').every((r) => r.abandoned)).toBe(true),
    );
  });
});
