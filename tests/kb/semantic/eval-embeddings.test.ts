import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FakeEmbeddingServer } from '../../helpers/fake-embedding-server';
import { FIXTURE_SYNONYMS, writeFixtureKnowledge } from './semantic-fixture';

const ROOT = path.join(__dirname, '../../..');

/** Runs `npm run eval:kb -- …` (without blocking this process, whose fake server must keep answering). */
function evalKb(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/kb/evaluation/eval-cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run eval:kb -- --embeddings', () => {
  let dir: string;
  let server: FakeEmbeddingServer;
  let questions: string;

  beforeAll(async () => {
    dir = await writeFixtureKnowledge();
    server = await new FakeEmbeddingServer({ synonyms: FIXTURE_SYNONYMS, delayMs: 5 }).start();
    questions = path.join(dir, 'questions.jsonl');
    const lines = [
      { text: 'il ritiro del frigorifero a casa', expected: 'ingombranti', style: 'everyday' },
      { text: 'devo buttare il frigorifero vecchio', expected: 'ingombranti', style: 'everyday' },
      { text: 'quando si paga la tari', expected: 'tari', style: 'short' },
      { text: 'a che ora apre la piscina?', expected: null, style: 'out_of_scope' },
    ];
    await fs.writeFile(questions, lines.map((l) => JSON.stringify(l)).join('\n'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints the words-alone figures, the fused ones, the semantic ranking alone and the latencies apart', async () => {
    const r = await evalKb(['--kb', dir, '--questions', questions, '--embeddings'], {
      KB_EMBEDDINGS: 'ollama',
      KB_EMBEDDINGS_URL: server.url,
      KB_EMBEDDINGS_MODEL: 'bge-m3',
    });
    expect(r.stderr).toContain(`embedding 12 entries with ollama bge-m3 at ${server.url}/api/embed`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Words alone (lexical retrieval):');
    expect(r.stdout).toContain(`With semantic retrieval (ollama bge-m3 at ${server.url}/api/embed):`);
    expect(r.stdout).toMatch(
      /Semantic ranking alone: right entry first 100\.0%, in the first three 100\.0% \(3 in scope\)/,
    );
    expect(r.stdout).toMatch(/Embedding server, round trip per question: p50 \d+\.\d ms/);
    expect(r.stdout).toMatch(/over the 250 ms budget \(KB_EMBEDDINGS_TIMEOUT_MS\): 0 of 4/);
    expect(r.stdout).toMatch(/Sportello's own time on the semantic path/);
    // The first two are answered right only with semantic retrieval.
    const everyday = (section: string) => /everyday\s+2\s+([\d.]+)%/.exec(section)?.[1];
    const [lexical, fused] = r.stdout.split('With semantic retrieval');
    expect(everyday(lexical ?? '')).toBe('0.0');
    expect(everyday(fused ?? '')).toBe('100.0');
  }, 60_000);

  it('says what to configure when no embedding server is set', async () => {
    const r = await evalKb(['--kb', dir, '--questions', questions, '--embeddings'], {
      KB_EMBEDDINGS: 'none',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--embeddings needs KB_EMBEDDINGS=ollama or openai/);
  }, 60_000);

  it('stops with the server’s error when the entries cannot be embedded', async () => {
    const r = await evalKb(['--kb', dir, '--questions', questions, '--embeddings'], {
      KB_EMBEDDINGS: 'ollama',
      KB_EMBEDDINGS_URL: server.url,
      KB_EMBEDDINGS_MODEL: 'no-such-model',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /12 entries could not be embedded: .*404: model "no-such-model" not found, try pulling it first/,
    );
  }, 60_000);
});
