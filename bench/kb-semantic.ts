/**
 * The semantic path of `npm run bench:kb`: distinct first-time questions answered with semantic retrieval
 * against the fake embedding server of the tests (no query cache, a new snapshot per size), timed apart from
 * the words-alone path measured side by side on the same entries. The server's own computing time (and its
 * artificial delay, FAKE_EMBEDDING_DELAY_MS) is reported apart from Sportello's share: the cosine ranking
 * over the language's vectors, fusion and decision.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import type { KbEntry } from '../src/kb/entry';
import { answerQuestion, type SecondOpinion } from '../src/kb/kb-answerer';
import { KnowledgeSnapshot } from '../src/kb/knowledge-snapshot';
import { Embedder } from '../src/kb/semantic/embedder';
import { OllamaEmbeddings } from '../src/kb/semantic/ollama-embeddings';
import { SemanticRetriever } from '../src/kb/semantic/semantic-retriever';
import type { SemanticRanking } from '../src/kb/semantic/vector-index';
import type { Synonyms } from '../src/kb/synonyms';
import { MemoryStorage } from '../src/storage/memory-storage';
import { FakeEmbeddingServer } from '../tests/helpers/fake-embedding-server';
import { syntheticKnowledge } from './kb-synthetic';

const ROOT = path.join(__dirname, '..');
/** bge-m3's vector length: the cosine ranking's cost grows with it. */
const DIMS = 1024;
const POLICY = { answerThreshold: 0.6, suggestThreshold: 0.3 };

/** Every distinct citizen message of the labelled sets and the two tuning sets (never the held-out one). */
export function distinctQuestions(): string[] {
  const json = (file: string) =>
    (JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Array<{ q: string }>).map((l) => l.q);
  const jsonl = (file: string) =>
    readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => (JSON.parse(l) as { text: string }).text);
  return [
    ...new Set([
      ...json('tests/fixtures/kb/labelled-questions.json'),
      ...json('tests/fixtures/kb/holdout-questions.json'),
      ...jsonl('tests/eval/valdora/questions.jsonl'),
      ...jsonl('tests/eval/montebruno/questions.jsonl'),
    ]),
  ];
}

const at = (sorted: readonly number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) : Number.NaN;
const ms = (x: number) => `${x.toFixed(3)} ms`;

/** Times the semantic path at 50 and 10,000 entries (the live ones, then generated) and prints the tables. */
export async function semanticLatency(live: readonly KbEntry[], synonyms: Synonyms): Promise<void> {
  const questions = distinctQuestions();
  const delay = Number(process.env.FAKE_EMBEDDING_DELAY_MS ?? 0);
  for (const size of [50, 10_000]) {
    const entries = size <= live.length ? live.slice(0, size) : syntheticKnowledge(live, size);
    const server = await new FakeEmbeddingServer({ dims: DIMS, delayMs: delay }).start();
    let trip: number | undefined;
    let fallbacks = 0;
    const retriever = new SemanticRetriever({
      embedder: new Embedder(new OllamaEmbeddings({ baseUrl: server.url, model: 'bge-m3' }), {
        queryTimeoutMs: 10_000, // measuring, not falling back: fallbacks would hide the path's cost
        batchSize: 256,
      }),
      storage: new MemoryStorage(),
      logger: pino({ level: 'warn' }),
      cacheSize: 0,
      // The retriever reports each question's embedding round trip, measured around the HTTP request.
      observer: {
        ranked: (seconds) => {
          trip = seconds === undefined ? undefined : seconds * 1000;
        },
        fallback: () => {
          fallbacks++;
        },
        embedded: () => undefined,
      },
    });
    // Fresh snapshots: every question is a first-time search for both paths.
    const lexicalKb = new KnowledgeSnapshot(entries, synonyms);
    const semanticKb = new KnowledgeSnapshot(entries, synonyms);
    const embedStart = performance.now();
    await retriever.sync(semanticKb);
    const embedSeconds = (performance.now() - embedStart) / 1000;

    const t = { lexical: [] as number[], total: [] as number[], trip: [] as number[], own: [] as number[] };
    let rankMs = 0;
    let combineMs = 0;
    const timed: SecondOpinion<SemanticRanking> = {
      rank: async (q, lang, context) => {
        const s = performance.now();
        const r = await retriever.rank(q, lang, context);
        rankMs = performance.now() - s;
        return r;
      },
      combine: (search, ranking, context) => {
        const s = performance.now();
        const out = retriever.combine(search, ranking, context);
        combineMs = performance.now() - s;
        return out;
      },
    };
    const computeBefore = server.computeMs.length;
    for (const q of questions) {
      // Side by side, one question at a time: the same machine state for both paths.
      let s = performance.now();
      await answerQuestion(q, { snapshot: lexicalKb, policy: POLICY, fallback: 'it' });
      t.lexical.push(performance.now() - s);
      trip = undefined;
      s = performance.now();
      await answerQuestion(q, { snapshot: semanticKb, policy: POLICY, fallback: 'it', secondOpinion: timed });
      t.total.push(performance.now() - s);
      if (trip !== undefined) {
        t.trip.push(trip);
        t.own.push(Math.max(0, rankMs - trip) + combineMs);
      }
    }
    const compute = server.computeMs.slice(computeBefore);
    await retriever.close();
    await server.close();
    for (const list of [...Object.values(t), compute]) list.sort((a, b) => a - b);
    const row = (name: string, list: readonly number[]) =>
      console.log(`${name.padEnd(58)}${ms(at(list, 0.5)).padEnd(14)}${ms(at(list, 0.99)).padEnd(14)}`);
    console.log(
      `\nSemantic path at ${entries.length} entries: ${questions.length} distinct first-time questions, ${DIMS}-dim vectors, no query cache (fake server; its delay ${delay} ms; entries embedded in ${embedSeconds.toFixed(1)} s; fallbacks ${fallbacks})`,
    );
    console.log(`${''.padEnd(58)}${'p50'.padEnd(14)}${'p99'.padEnd(14)}`);
    row('words alone (lexical answer)', t.lexical);
    row('semantic on: whole answer', t.total);
    row('  embedding round trip (HTTP to the fake server)', t.trip);
    row('    of which the fake server computing the vector', compute);
    row('  Sportello: cosine ranking + fusion + decision', t.own);
    const ratio = at(t.total, 0.5) / at(t.lexical, 0.5);
    console.log(`semantic on / words alone, p50: ${ratio.toFixed(1)}x`);
  }
}
