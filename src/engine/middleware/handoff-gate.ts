import type { Middleware } from '../compose';
import type { TurnContext } from '../turn-context';
import type { Lang } from '../types';

/** A citizen's request for a person, as recognised in their words. */
export interface PersonRequest {
  /** The language the request was written in, when its wording tells (not for a bare "operator"). */
  lang?: Lang;
}

/**
 * The escalation contract the engine relies on (the handoff room implements it).
 * While an operator holds a conversation the bot stays silent and messages go to the operator.
 */
export interface Handoff {
  /** True when an operator holds this conversation. */
  isHeld(ctx: TurnContext): boolean;
  /**
   * The citizen's words ask for a person ("vorrei parlare con un operatore", "can I speak to a human?");
   * undefined when they do not, or when the handoff room is itself asking the citizen something about it.
   */
  asksForPerson(ctx: TurnContext): PersonRequest | undefined;
  /** Delivers the citizen's message to the operator holding the conversation. */
  forward(ctx: TurnContext): Promise<void>;
  /**
   * The citizen asked for a person: end running dialogs (keeping what they collected for the operator), queue
   * the request and tell them what happens next.
   */
  request(ctx: TurnContext, reason: string): Promise<void>;
  /**
   * Optional: the citizen cancelled ("annulla") while their request waits for an operator; withdraws it, tells
   * them, and resolves true, or resolves false when nothing was waiting.
   */
  withdraw?(ctx: TurnContext): Promise<boolean>;
  /**
   * Optional: runs after the rest of the pipeline on turns the bot answered, so the handoff room can escalate
   * by itself (e.g. after repeated "no answer" replies).
   */
  afterTurn?(ctx: TurnContext): Promise<void>;
}

/** Routes messages of held conversations to the operator before the dialog engine sees them. */
export function handoffGate(handoff: Handoff): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (handoff.isHeld(ctx)) {
      await handoff.forward(ctx);
      return;
    }
    await next();
    await handoff.afterTurn?.(ctx);
  };
}
