/**
 * `npm run eval:kb -- --kb DIR --questions FILE.jsonl`: scores the knowledge base on labelled citizen
 * messages and prints, per writing style and overall, how many were answered right, answered wrong, only
 * offered as a choice or not found, and how many out-of-scope messages were refused. With `--embeddings`
 * the same messages are also answered with semantic retrieval through the configured embedding server.
 */
import { readFileSync } from 'node:fs';
import { answerQuestion } from '../kb-answerer';
import { KnowledgeSnapshot } from '../knowledge-snapshot';
import { loadKnowledge } from '../loader';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from '../policy';
import { outcome } from './outcome';
import { type LabelledQuestion, parseQuestionSet, QuestionSetError, STYLES } from './question-set';
import { semanticReport, startSemantic } from './semantic-eval';
import { formatReport, judge, type Outcome, tally } from './tally';

const USAGE = `Usage: npm run eval:kb -- --kb DIR --questions FILE.jsonl [--misses] [--json] [--embeddings]

  --kb DIR          knowledge folder (<lang>/<id>.md, optional synonyms.yml)
  --questions FILE  JSON Lines: {"text": "...", "expected": "entry-id" | ["id", ...] | null, "style": "short"}
  --answer N        answer threshold (default KB_ANSWER_THRESHOLD or the built-in default)
  --suggest N       suggest threshold (default KB_SUGGEST_THRESHOLD or the built-in default)
  --misses          also list every message not answered right (do not use on a held-out set while tuning)
  --json            one JSON line per message instead of the table
  --embeddings      also answer with semantic retrieval through the embedding server configured by
                    KB_EMBEDDINGS, KB_EMBEDDINGS_URL, KB_EMBEDDINGS_MODEL… (docs/semantic-retrieval.md):
                    prints the fused figures, the semantic ranking alone and the server's latency apart`;

class UsageError extends Error {}

interface Args {
  kb: string;
  questions: string;
  misses: boolean;
  json: boolean;
  embeddings: boolean;
  answer: number;
  suggest: number;
}

function threshold(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${name} must be a number between 0 and 1`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  let misses = false;
  let json = false;
  let embeddings = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--misses') misses = true;
    else if (a === '--json') json = true;
    else if (a === '--embeddings') embeddings = true;
    else if (a === '--kb' || a === '--questions' || a === '--answer' || a === '--suggest') {
      const v = argv[++i];
      if (!v) throw new UsageError(`${a} needs a value`);
      flags.set(a.slice(2), v);
    } else throw new UsageError(`unknown argument "${a}"`);
  }
  const kb = flags.get('kb');
  const questions = flags.get('questions');
  if (!kb || !questions) throw new UsageError('--kb and --questions are required');
  return {
    kb,
    questions,
    misses,
    json,
    embeddings,
    answer: threshold(
      flags.get('answer') ?? process.env.KB_ANSWER_THRESHOLD,
      DEFAULT_ANSWER_THRESHOLD,
      '--answer',
    ),
    suggest: threshold(
      flags.get('suggest') ?? process.env.KB_SUGGEST_THRESHOLD,
      DEFAULT_SUGGEST_THRESHOLD,
      '--suggest',
    ),
  };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const set: LabelledQuestion[] = parseQuestionSet(readFileSync(args.questions, 'utf8'));
  const loaded = await loadKnowledge(args.kb);
  const broken = loaded.problems.filter((p) => p.fatal);
  if (broken.length) console.error(`warning: ${broken.length} broken files skipped`);
  const known = new Set(loaded.entries.map((e) => e.id));
  const unknown = set.flatMap((q) =>
    q.expected.filter((id) => !known.has(id)).map((id) => `${q.line}:${id}`),
  );
  if (unknown.length) console.error(`warning: expected ids not in the knowledge base: ${unknown.join(', ')}`);
  const kb = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
  const policy = { answerThreshold: args.answer, suggestThreshold: args.suggest };
  const semantic = args.embeddings ? await startSemantic(kb, (m) => console.error(m)) : undefined;
  try {
    const rows: Array<{ q: LabelledQuestion; o: Outcome }> = [];
    const fused: Array<{ q: LabelledQuestion; o: Outcome }> = [];
    for (const q of set) {
      const { decision: d, search } = await answerQuestion(q.text, { snapshot: kb, policy });
      rows.push({ q, o: outcome(d, search.results) });
      if (semantic) fused.push({ q, o: await semantic.answer(q, policy) });
    }
    if (args.json) {
      rows.forEach(({ q, o }, i) => {
        const withSemantic = fused[i]?.o;
        console.log(
          JSON.stringify({
            line: q.line,
            style: q.style,
            text: q.text,
            expected: q.expected,
            verdict: judge(q, o),
            ...o,
            ...(withSemantic ? { semantic: { verdict: judge(q, withSemantic), ...withSemantic } } : {}),
          }),
        );
      });
      return 0;
    }
    console.log(
      `${args.questions}: ${set.length} messages against ${args.kb} (${loaded.entries.length} entries)\n`,
    );
    if (semantic) console.log('Words alone (lexical retrieval):');
    console.log(formatReport(tally(rows), STYLES));
    if (args.misses) printMisses(rows);
    if (semantic) {
      console.log(`\nWith semantic retrieval (${semantic.describe()}):`);
      console.log(formatReport(tally(fused), STYLES));
      console.log(`\n${semanticReport(semantic, fused)}`);
      if (args.misses) printMisses(fused);
    }
    return 0;
  } finally {
    await semantic?.close();
  }
}

function printMisses(rows: ReadonlyArray<{ q: LabelledQuestion; o: Outcome }>): void {
  console.log('\nNot answered right:');
  for (const { q, o } of rows) {
    const v = judge(q, o);
    if (v === 'right' || v === 'oos-refused') continue;
    const got = o.kind === 'answer' ? o.id : o.offered.length ? `? ${o.offered.join(' | ')}` : '∅';
    console.log(
      `  [${v}] ${q.style}: ${q.text}\n      → ${got}   want ${q.expected.join(' | ') || '∅'}   ranked ${o.ranked.slice(0, 3).join(', ')}`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`eval:kb: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(
      `eval:kb: ${err instanceof QuestionSetError ? err.message : String((err as Error).message ?? err)}`,
    );
    process.exitCode = 1;
  },
);
