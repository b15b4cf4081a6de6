/**
 * Runs `check` (which throws, e.g. a failing `expect`, until the awaited state is reached) every 50 ms until
 * it passes; after `ms` the last failure is thrown.
 */
export async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
