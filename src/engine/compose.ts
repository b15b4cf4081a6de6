/** A middleware: does its part of a turn and calls `next()` to let the rest of the pipeline run. */
export type Middleware<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

const DONE: Promise<void> = Promise.resolve();

/**
 * Composes middlewares into one, in order (the grammY/Koa contract).
 * Calling `next()` twice in one middleware is a bug and rejects.
 */
export function compose<C>(middlewares: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    let last = -1;
    // Not an async function: each step hands back its middleware's own promise, so a turn through the whole
    // pipeline makes no promise per step beyond the middlewares' (this runs for every message).
    const run = (i: number): Promise<void> => {
      if (i <= last) return Promise.reject(new Error('next() called more than once'));
      last = i;
      const mw = middlewares[i];
      if (!mw) return DONE;
      try {
        return mw(ctx, () => run(i + 1));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return run(0);
  };
}
