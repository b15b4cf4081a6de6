/**
 * The knowledge-base command line: `kb validate [DIR] [--dialogs DIR]`, `kb ask [--kb DIR] [--json]`, and
 * `kb import [DIR]` / `kb export [DIR]` between the folder and the store named by DATABASE_URL.
 * Run with `npm run kb -- <command> …`.
 */
import * as path from 'node:path';
import * as readline from 'node:readline';
import { openStorage } from '../backends';
import { loadConfig } from '../config';
import { formatProblem, type KnowledgeDirError } from './errors';
import { answerQuestion } from './kb-answerer';
import { KbRepository } from './kb-repository';
import { exportKnowledge, importKnowledge } from './kb-sync';
import { KnowledgeSnapshot } from './knowledge-snapshot';
import { loadKnowledge } from './loader';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from './policy';
import { readServiceIds } from './service-ids';

const USAGE = `Usage:
  npm run kb -- validate [DIR] [--dialogs DIR]   check every entry; exit 1 when a file is broken
  npm run kb -- ask [--kb DIR] [--json]          answer questions read from stdin, one per line
  npm run kb -- import [DIR]                     import the folder into the store (DATABASE_URL)
  npm run kb -- export [DIR]                     write the store's published entries to the folder

Options:
  --dialogs DIR   service dialogs folder, to check "service:" ids (default ./dialogs)
  --kb DIR        knowledge folder (default ./knowledge, or KB_DIR)
  --json          one JSON object per line: {"q", "id", "score", "alternatives"}
  --answer N      answer threshold (default KB_ANSWER_THRESHOLD or ${DEFAULT_ANSWER_THRESHOLD})
  --suggest N     suggest threshold (default KB_SUGGEST_THRESHOLD or ${DEFAULT_SUGGEST_THRESHOLD})`;

/** A wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

interface Args {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json' || arg === '--help' || arg === '-h') flags.set(arg.replace(/^-+/, ''), true);
    else if (arg.startsWith('--')) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
    } else positional.push(arg);
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, flags };
}

function flag(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function threshold(args: Args, name: string, env: string | undefined, fallback: number): number {
  const raw = flag(args, name) ?? env;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--${name} must be a number between 0 and 1`);
  return n;
}

async function validate(args: Args): Promise<number> {
  const dir = args.positional[0] ?? process.env.KB_DIR ?? 'knowledge';
  const dialogs = flag(args, 'dialogs') ?? process.env.DIALOGS_DIR ?? 'dialogs';
  const knownServices = await readServiceIds(dialogs);
  const result = await loadKnowledge(dir, { knownServices });
  for (const p of result.problems) console.log(formatProblem({ ...p, file: path.join(dir, p.file) }));
  const broken = new Set(result.problems.map((p) => p.file)).size;
  const summary = `${result.files.length} files, ${result.entries.length} entries, ${result.problems.length} problems in ${broken} files (${knownServices.length} service ids from ${dialogs})`;
  console.error(result.problems.length ? `✗ ${summary}` : `✓ ${summary}`);
  return result.problems.length ? 1 : 0;
}

async function ask(args: Args): Promise<number> {
  const dir = flag(args, 'kb') ?? process.env.KB_DIR ?? 'knowledge';
  const json = args.flags.has('json');
  const answerThreshold = threshold(
    args,
    'answer',
    process.env.KB_ANSWER_THRESHOLD,
    DEFAULT_ANSWER_THRESHOLD,
  );
  const suggestThreshold = threshold(
    args,
    'suggest',
    process.env.KB_SUGGEST_THRESHOLD,
    DEFAULT_SUGGEST_THRESHOLD,
  );
  const loaded = await loadKnowledge(dir);
  const broken = loaded.problems.filter((p) => p.fatal);
  if (broken.length)
    console.error(`warning: ${broken.length} broken files skipped (run "kb validate ${dir}")`);
  const kb = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const q = line.trim();
    if (!q) continue;
    const { decision: d, search } = await answerQuestion(q, {
      snapshot: kb,
      policy: { answerThreshold, suggestThreshold },
    });
    const { results } = search;
    const id = d.kind === 'answer' ? d.best.entry.id : null;
    const score = results[0]?.score ?? 0;
    const alternatives =
      d.kind === 'answer'
        ? d.alternatives.map((a) => a.entry.id)
        : d.kind === 'suggest'
          ? d.options.map((o) => o.entry.id)
          : [];
    if (json) console.log(JSON.stringify({ q, id, score, alternatives }));
    else {
      const what = id ?? (alternatives.length ? `? ${alternatives.join(' | ')}` : '∅ (no answer)');
      console.log(`${score.toFixed(3)}  ${what}  ← ${q}`);
    }
  }
  return 0;
}

/** Opens the store named by DATABASE_URL (the same one the server uses). */
async function openRepository(): Promise<{ repo: KbRepository; close: () => Promise<void>; url: string }> {
  const config = loadConfig(process.env);
  const storage = await openStorage(config.DATABASE_URL);
  return { repo: new KbRepository(storage), close: () => storage.close(), url: config.DATABASE_URL };
}

async function importCommand(args: Args): Promise<number> {
  const dir = args.positional[0] ?? process.env.KB_DIR ?? 'knowledge';
  const { repo, close } = await openRepository();
  try {
    const report = await importKnowledge(repo, dir, { full: true, author: 'kb-import' });
    for (const p of report.load.problems) console.log(formatProblem({ ...p, file: path.join(dir, p.file) }));
    console.error(
      `✓ imported ${dir}: ${report.published.length} published, ${report.deleted.length} removed, ${report.unchanged} unchanged, ${report.load.problems.length} problems`,
    );
    return report.load.problems.some((p) => p.fatal) ? 1 : 0;
  } finally {
    await close();
  }
}

async function exportCommand(args: Args): Promise<number> {
  const dir = args.positional[0] ?? process.env.KB_DIR ?? 'knowledge';
  const { repo, close } = await openRepository();
  try {
    const report = await exportKnowledge(repo, dir);
    console.error(`✓ exported ${report.files.length} files to ${dir}`);
    return 0;
  } finally {
    await close();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has('help') || !args.command) {
    console.log(USAGE);
    return args.command || args.flags.has('help') ? 0 : 2;
  }
  if (args.command === 'validate') return validate(args);
  if (args.command === 'ask') return ask(args);
  if (args.command === 'import') return importCommand(args);
  if (args.command === 'export') return exportCommand(args);
  throw new UsageError(`unknown command "${args.command}"`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`kb: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    const e = err as KnowledgeDirError;
    console.error(`kb: ${e.message ?? String(err)}`);
    process.exitCode = 1;
  },
);
