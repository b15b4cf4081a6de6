import type { ServerResponse } from 'node:http';

/** How long a refusal of an abusive request is held before it is answered. */
export const TARPIT_MS = 1000;
/** Most refusals held at once (each holds a socket and a timer); past it they are answered at once. */
const MAX_HELD = 1000;

let held = 0;

/**
 * Answers a refusal of abusive traffic (a rate limit passed, a compressed body no client sends) after
 * {@link TARPIT_MS}, not at once. A client that waits for each answer before sending again — as brute-force
 * tools and floods with a fixed number of connections do — then sends at most one request a second per
 * connection instead of thousands, and every one of those would take the event loop from the citizens. A held
 * answer costs a timer; a request whose body is waiting is not read meanwhile (Node stops reading the socket).
 * A client that goes away is not answered (`dropped` is called instead); with {@link MAX_HELD} already held,
 * the answer goes at once.
 */
export function answerLater(res: ServerResponse, answer: () => void, dropped?: () => void): void {
  if (held >= MAX_HELD) {
    answer();
    return;
  }
  held++;
  let done = false;
  const settle = () => {
    if (done) return false;
    done = true;
    held--;
    return true;
  };
  const timer = setTimeout(() => {
    if (settle()) answer();
  }, TARPIT_MS);
  res.once('close', () => {
    if (!settle()) return;
    clearTimeout(timer);
    dropped?.();
  });
}
