import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectLanguage } from '../../src/kb/detect-language';
import { parseQuestionSet } from '../../src/kb/evaluation/question-set';

/**
 * The blind evaluation sets the benches take their citizen messages from: written by people who saw only the
 * entries' titles and answers, in six styles plus out-of-scope messages. Castelmarino is held out: nobody
 * reads it, the benches included.
 */
const BLIND_SETS = ['valdora', 'montebruno'] as const;

const ROOT = path.resolve(__dirname, '../..');

/** Questions longer than this are never remembered by the knowledge base's memo (`knowledge-snapshot.ts`). */
export const MEMO_MAX_QUESTION = 200;

/**
 * How citizens open and close a message. The empty frame comes three times in each list: most messages carry
 * neither. Only the frames change the words; the question itself is sent as its writer wrote it.
 */
const FRAMES = {
  it: {
    openings: ['', '', '', 'Buongiorno, ', 'Salve, ', 'Ciao, ', 'Scusate, ', 'Buonasera, ', 'Una domanda: '],
    closings: [
      '',
      '',
      '',
      ' Grazie',
      ' grazie',
      ' Grazie mille!',
      ' Grazie in anticipo.',
      ' Cordiali saluti.',
    ],
  },
  en: {
    openings: ['', '', '', 'Hello, ', 'Hi, ', 'Good morning, ', 'Excuse me, ', 'Quick question: '],
    closings: ['', '', '', ' Thanks', ' thanks', ' Thank you!', ' Many thanks.', ' Thanks in advance.'],
  },
} as const;

/** A message that greets or thanks already gets no second greeting or thanks. */
const GREETED = /^(buon|salve|ciao|scusa|gentil|egregi|hello|hi\b|hey|good|excuse|dear)/i;
const THANKED = /(grazie|saluti|thank|regards)[\s.!]*$/i;

/** Every message of the blind sets, in-scope and out-of-scope, as written (620 distinct texts). */
export function blindSetMessages(): string[] {
  return BLIND_SETS.flatMap((set) =>
    parseQuestionSet(readFileSync(path.join(ROOT, 'tests', 'eval', set, 'questions.jsonl'), 'utf8')).map(
      (q) => q.text,
    ),
  );
}

/** A deterministic random number generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Options of {@link CitizenQuestions}. */
export interface CitizenQuestionsOptions {
  /** The messages to ask, e.g. {@link blindSetMessages}. */
  pool: readonly string[];
  /** This citizen's seed: its own order and frames. */
  seed: number;
  /** Frame each message with an opening and a closing (default); false sends them exactly as written. */
  framed: boolean;
}

/**
 * One simulated citizen's questions: the whole pool in the citizen's own seeded order, shuffled again at each
 * pass, each message framed as people frame theirs ("Buongiorno, …", "… Grazie mille!"). Many citizens
 * asking from one pool of a few hundred messages would otherwise repeat each other word for word far more
 * than real people do, and the memo would answer nearly every question: framed, a message goes out bare about
 * one time in eight and otherwise in one of some fifty wordings.
 */
export class CitizenQuestions {
  private readonly random: () => number;
  private order: string[] = [];
  private next = 0;

  constructor(private readonly options: CitizenQuestionsOptions) {
    this.random = seededRandom(options.seed);
  }

  /** The citizen's next question. */
  ask(): string {
    if (this.next >= this.order.length) {
      this.order = shuffled(this.options.pool, this.random);
      this.next = 0;
    }
    const text = this.order[this.next++] ?? '';
    return this.options.framed ? this.frame(text) : text;
  }

  private frame(text: string): string {
    const { openings, closings } = FRAMES[detectLanguage(text, 'it').lang];
    const pick = (list: readonly string[]) => list[Math.floor(this.random() * list.length)] ?? '';
    // Both picks are drawn every time, so a message's frame does not shift the draws of the next one.
    const opening = pick(openings);
    const closing = pick(closings);
    return `${GREETED.test(text) ? '' : opening}${text}${THANKED.test(text) ? '' : closing}`;
  }
}

/** Lengths of a list of texts in characters: median, 90th percentile, longest, share over the memo's limit. */
export function describeLengths(texts: readonly string[]): string {
  const lengths = texts.map((t) => t.length).sort((a, b) => a - b);
  const at = (p: number) => lengths[Math.min(lengths.length - 1, Math.floor(p * lengths.length))] ?? 0;
  const long = lengths.filter((n) => n > MEMO_MAX_QUESTION).length;
  return (
    `${at(0.5)} characters median, ${at(0.9)} at p90, ${lengths.at(-1) ?? 0} longest; ` +
    `${((long / Math.max(1, lengths.length)) * 100).toFixed(0)}% over ${MEMO_MAX_QUESTION} (never memoised)`
  );
}
