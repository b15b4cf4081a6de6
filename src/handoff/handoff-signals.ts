import type { TurnContext } from '../engine/turn-context';

/** How many "no answer" replies in a row make the bot offer an operator. */
export const UNANSWERED_LIMIT = 2;

/** Why the bot offered an operator; the reason the case gets when the citizen accepts. */
export type OfferReason = 'unanswered' | 'not-useful';

/** Signals other rooms leave in `vars.handoffSignals` for the handoff room to act on after the turn. */
export interface HandoffSignals {
  /** Consecutive questions the bot could not answer (since the last answer or offer). */
  unanswered: number;
  /** Turn number at which the citizen said an answer was not useful. */
  notUsefulAt?: number;
  /** Turn number at which a signal was last noted (the offer is made only on that turn). */
  notedAt?: number;
  /** Why an operator was offered, kept until the bot answers again or the citizen is queued. */
  offered?: OfferReason;
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
 * {@link UNANSWERED_LIMIT} in a row, or one right after a "not useful" feedback, the handoff room offers the
 * citizen an operator at the end of the turn.
 */
export function noteUnanswered(ctx: TurnContext): void {
  const s = signals(ctx);
  save(ctx, { ...s, unanswered: s.unanswered + 1, notedAt: ctx.state.turns });
}

/** Call when the bot answered, so the "no answer" streak starts over. */
export function noteAnswered(ctx: TurnContext): void {
  const s = signals(ctx);
  if (s.unanswered === 0 && s.notUsefulAt === undefined && s.offered === undefined) return;
  save(ctx, { unanswered: 0 });
}

/** Call when the citizen says an answer was not useful (`kb:feedback:no:<id>`). */
export function noteNotUseful(ctx: TurnContext): void {
  save(ctx, { ...signals(ctx), notUsefulAt: ctx.state.turns });
}

/**
 * Call when the bot offered an operator: the streak starts over (the next offer comes after as many "no
 * answer" again), and the reason stays for the case if the citizen accepts.
 */
export function noteOffered(ctx: TurnContext, reason: OfferReason): void {
  save(ctx, { unanswered: 0, notedAt: ctx.state.turns, offered: reason });
}

/** Forgets the signals (once the citizen is queued). */
export function clearSignals(ctx: TurnContext): void {
  delete ctx.state.vars.handoffSignals;
}

/**
 * Why this turn calls for offering an operator, if it does: repeated "no answer", or a "no answer" right after
 * the citizen said the last answer was not useful.
 */
export function offerReason(ctx: TurnContext): OfferReason | undefined {
  const s = signals(ctx);
  if (s.notedAt !== ctx.state.turns || s.unanswered === 0) return undefined;
  const afterNotUseful = s.notUsefulAt !== undefined && s.notUsefulAt < ctx.state.turns;
  if (s.unanswered < UNANSWERED_LIMIT && !afterNotUseful) return undefined;
  return s.notUsefulAt !== undefined ? 'not-useful' : 'unanswered';
}
