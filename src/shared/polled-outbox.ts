import { PollingLoop, type PollingLoopOptions } from './polling-loop';

/**
 * A durable outbox in storage worked by a {@link PollingLoop} (webhook events, app IO notices, pagoPA jobs):
 * a subclass says what one round over its due items does; starting, kicking, draining and stopping are the
 * loop's, so every outbox behaves the same on shutdown and on leadership changes.
 */
export abstract class PolledOutbox {
  protected readonly loop: PollingLoop;

  constructor(options: PollingLoopOptions) {
    this.loop = new PollingLoop(() => this.round(), options);
  }

  /** One pass over the due items; resolves how many were handled. */
  protected abstract round(): Promise<number>;

  /** Starts polling and works what is due right away; does nothing when already polling. */
  start(): void {
    this.loop.start();
  }

  /** Asks for a round now (e.g. after something was queued); a loop idle until started ignores it. */
  kick(): void {
    this.loop.kick();
  }

  /** Runs rounds until nothing more is due now; resolves how many items they handled. */
  drain(): Promise<number> {
    return this.loop.drain();
  }

  /** Stops polling and waits for the round in progress; what is pending stays in storage for the next start. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
