import type { Logger } from 'pino';

/** Settings of a {@link PollingLoop}. */
export interface PollingLoopOptions {
  /** What the loop is called in its error log line. */
  name: string;
  logger: Logger;
  /** How often a round runs when nothing kicks it. */
  pollMs: number;
  /** Ignore kicks until started (work that only the leader instance may do). Default: kicks run at once. */
  idleUntilStarted?: boolean;
}

/**
 * The durable outboxes' worker loop (webhook, app IO, pagoPA): runs `round` every `pollMs` and whenever it is
 * kicked; a kick during a round runs one more round after it instead of a second one beside it; `stop` waits
 * for the round in progress. What is pending stays in storage, so a restarted process resumes it.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped: boolean;

  /** `round` resolves how many items it handled. */
  constructor(
    private readonly round: () => Promise<number>,
    private readonly options: PollingLoopOptions,
  ) {
    this.stopped = options.idleUntilStarted === true;
  }

  /** True once {@link stop} was called (a round may check it between items). */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Starts polling and runs a round right away; does nothing when already polling. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a round now (e.g. just after something was queued). */
  kick(): void {
    if (this.stopped) return;
    this.drain().catch((err) => this.options.logger.error({ err }, `${this.options.name}: round failed`));
  }

  /** Runs rounds until one ends with no kick during it; resolves how many items they handled. */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let handled = 0;
      try {
        do {
          this.again = false;
          handled += await this.round();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
      return handled;
    })();
    return this.running;
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
