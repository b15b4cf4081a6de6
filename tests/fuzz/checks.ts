import type { Engine } from '../../src/engine/engine';
import { texts } from '../../src/engine/texts';
import type { OutboundReply } from '../../src/engine/types';

/** Signs that an internal error escaped: stack frames, source paths, error class names. */
const LEAKS = [
  /\n\s+at\s/,
  /\bat [\w$.<>]+ \(/,
  /node_modules/,
  /\.(ts|js):\d+/,
  /\/work\/|\/src\//,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|SqliteError|ZodError)\b/,
  /\[object Object\]/,
];

/** The first leak found in a response or reply text, or undefined. */
export function leakIn(text: string): string | undefined {
  return LEAKS.find((re) => re.test(text))?.source;
}

/** Checks an HTTP answer to a malformed request: 4xx with `{error:{code,message}}` and nothing leaked. */
export function badRequestProblem(status: number, body: string): string | undefined {
  if (status < 400 || status >= 500) return `status ${status}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 80)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || !error.message)
    return `not {error:{code,message}}: ${body.slice(0, 80)}`;
  const leak = leakIn(body);
  return leak ? `leak ${leak}: ${body.slice(0, 120)}` : undefined;
}

const FAILURE = new Set(Object.values(texts).map((t) => t.failure));
const SLOW_DOWN = new Set(Object.values(texts).map((t) => t.slowDown));

/** What a reply must not be: empty, the technical-failure apology (an internal error), or a leak. */
export function replyProblem(reply: OutboundReply): string | undefined {
  const visible = `${reply.text}${(reply.choices ?? []).map((c) => c.label).join('')}`;
  if (!visible.trim() && !reply.attachments?.length && !reply.links?.length) return 'empty reply';
  if (FAILURE.has(reply.text)) return 'technical failure apology (the turn threw)';
  const leak = leakIn(reply.text);
  return leak ? `leak ${leak}: ${reply.text.slice(0, 120)}` : undefined;
}

/** Every turn the engine ran during a fuzz run, with the problems found in its replies. */
export interface TurnLog {
  turns: number;
  /** Turns with a text or value but no reply at all (the citizen would be left without an answer). */
  unanswered: string[];
  slowDowns: number;
  problems: string[];
}

/**
 * Listens to the engine's turns: counts them and checks every reply. A turn that answers nothing is noted
 * unless an operator holds the conversation (the bot is silent then by design).
 */
export function recordTurns(engine: Engine, channel: string): TurnLog {
  const log: TurnLog = { turns: 0, unanswered: [], slowDowns: 0, problems: [] };
  engine.onTurn(({ state, inbound, replies }) => {
    if (!inbound || state.ref.channel !== channel) return;
    log.turns += 1;
    const held = (state.vars.handoff as { status?: string } | undefined)?.status === 'assigned';
    if (replies.length === 0 && !held) log.unanswered.push(JSON.stringify(inbound.text.slice(0, 60)));
    for (const { reply } of replies) {
      if (SLOW_DOWN.has(reply.text)) log.slowDowns += 1;
      const problem = replyProblem(reply);
      if (problem) log.problems.push(`${JSON.stringify(inbound.text.slice(0, 60))} → ${problem}`);
    }
  });
  return log;
}

/** Runs tasks with at most `width` in flight (conversations in parallel, each one in order). */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/**
 * Fuzz apps answer floods from one address: the engine's rate limit is tested on its own in
 * `rate-limit.test.ts`, the per-address limits in `tests/http/client-limits.test.ts`.
 */
export const NO_RATE_LIMIT = {
  RATE_LIMIT_BURST: '1000000',
  RATE_LIMIT_PER_MINUTE: '1000000',
  NEW_CONVERSATIONS_PER_ADDRESS: '1000000',
  NEW_CONVERSATIONS_GLOBAL: '1000000',
  HANDOFFS_PER_CONVERSATION: '1000000',
  HANDOFFS_PER_ADDRESS: '1000000',
};
