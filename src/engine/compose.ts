/** A middleware: does its part of a turn and calls `next()` to let the rest of the pipeline run. */
export type Middleware<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

/**
 * Composes middlewares into one, in order (the grammY/Koa contract).
 * Calling `next()` twice in one middleware is a bug and throws.
 */
export function compose<C>(middlewares: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    let last = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('next() called more than once');
      last = i;
      const mw = middlewares[i];
      if (mw) await mw(ctx, () => run(i + 1));
    };
    return run(0);
  };
}
