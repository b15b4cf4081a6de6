import { normalize } from '../../shared/normalize';
import type { Middleware } from '../compose';
import type { TurnContext } from '../turn-context';

/** A command: a word or menu value that does the same thing wherever the citizen is. */
export interface Command {
  /** Name for logs. */
  id: string;
  /** Exact words that trigger it, compared after {@link normalize} (so `/Menù` matches `menu`). */
  names?: readonly string[];
  /** Or a custom test on the raw input (e.g. a `service:` prefix), which may look at the turn. */
  matches?(input: string, ctx: TurnContext): boolean;
  /**
   * `always`: runs even inside a form (e.g. "annulla"). `idle`: only when no dialog is running, so a form can
   * give its own meaning to the word (e.g. "aiuto" shows the field's help).
   */
  scope: 'always' | 'idle';
  run(ctx: TurnContext): Promise<void>;
}

/** Runs the first matching command instead of the dialog runtime. */
export function commandRouter(commands: readonly Command[]): Middleware<TurnContext> {
  const folded = commands.map((c) => ({
    command: c,
    names: new Set(c.names?.map(normalize).filter(Boolean)),
  }));
  return async (ctx, next) => {
    const raw = ctx.input;
    const input = normalize(raw);
    const busy = ctx.activeDialog !== undefined;
    const command = folded.find(
      ({ command: c, names }) =>
        (c.scope === 'always' || !busy) && (names.has(input) || c.matches?.(raw, ctx)),
    )?.command;
    if (!command) return next();
    ctx.services.logger.debug({ command: command.id, conversation: ctx.state.key }, 'command');
    await command.run(ctx);
  };
}
