import type { TurnContext } from '../engine/turn-context';

/** How many "no answer" replies in a row make the bot escalate by itself. */
export const UNANSWERED_LIMIT = 2;

/** Signals other rooms leave in `vars.handoffSignals` for the handoff room to act on after the turn. */
export interface HandoffSignals {
  /** Consecutive questions the bot could not answer. */
  unanswered: number;
  /** Turn number at which the citizen said an answer was not useful. */
  notUsefulAt?: number;
  /** Turn number at which a signal was last noted (escalation happens only on that turn). */
  notedAt?: number;
}

/** The signals of this conversation (a fresh object when none). */
export function signals(ctx: TurnContext): HandoffSignals {
  const s = ctx.state.vars.handoffSignals as HandoffSignals | undefined;
  return s && typeof s.unanswered === 'number' ? s : { unanswered: 0 };
}

function save(ctx: TurnContext, value: HandoffSignals): void {
  ctx.state.vars.handoffSignals = value;
}

/**
 * Call when the bot could not answer the citizen's question (the knowledge base's "no answer"). After
 * {@link UNANSWERED_LIMIT} in a row, or one right after a "not useful" feedback, the handoff room puts the
 * citizen in the operators' queue at the end of the turn.
 */
export function noteUnanswered(ctx: TurnContext): void {
  const s = signals(ctx);
  save(ctx, { ...s, unanswered: s.unanswered + 1, notedAt: ctx.state.turns });
}

/** Call when the bot answered, so the "no answer" streak starts over. */
export function noteAnswered(ctx: TurnContext): void {
  const s = signals(ctx);
  if (s.unanswered === 0 && s.notUsefulAt === undefined) return;
  save(ctx, { unanswered: 0 });
}

/** Call when the citizen says an answer was not useful (`kb:feedback:no:<id>`). */
export function noteNotUseful(ctx: TurnContext): void {
  save(ctx, { ...signals(ctx), notUsefulAt: ctx.state.turns });
}

/** Forgets the signals (after an escalation). */
export function clearSignals(ctx: TurnContext): void {
  delete ctx.state.vars.handoffSignals;
}

/**
 * True when this turn's signals call for an operator: repeated "no answer", or a "no answer" / a new
 * question right after the citizen said the last answer was not useful.
 */
export function shouldEscalate(ctx: TurnContext): boolean {
  const s = signals(ctx);
  if (s.notedAt !== ctx.state.turns) return false;
  if (s.unanswered >= UNANSWERED_LIMIT) return true;
  return s.unanswered >= 1 && s.notUsefulAt !== undefined && s.notUsefulAt < ctx.state.turns;
}
