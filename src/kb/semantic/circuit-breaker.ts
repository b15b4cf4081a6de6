/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit (default 3). */
  threshold?: number;
  /** How long an open circuit skips the server before one request tries it again (default 30 s). */
  cooldownMs?: number;
  now?: () => number;
  /** Called when an outage starts (once, however many requests fail during it). */
  onOpen?: () => void;
  /** Called when the server answers again after an outage. */
  onClose?: () => void;
}

/**
 * A small circuit breaker: after `threshold` failures in a row (or a 429 with Retry-After) the server is skipped
 * for a while, so citizens do not each spend the latency budget on a server known to be down; then a single
 * request tries it, and its success closes the circuit.
 */
export class CircuitBreaker {
  private failures = 0;
  private outage = false;
  private openUntil = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions = {}) {
    this.threshold = options.threshold ?? 3;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** True while the server is being skipped. */
  get isOpen(): boolean {
    return this.outage;
  }

  /** May a request go to the server now? While open, only one request at a time after the cool-down. */
  allows(): boolean {
    if (!this.outage) return true;
    if (this.probing || this.now() < this.openUntil) return false;
    this.probing = true;
    return true;
  }

  /** The server answered. */
  success(): void {
    this.failures = 0;
    this.probing = false;
    if (!this.outage) return;
    this.outage = false;
    this.options.onClose?.();
  }

  /** The server failed; `retryAfterMs` when it asked to wait (429). */
  failure(retryAfterMs?: number): void {
    this.failures++;
    this.probing = false;
    if (retryAfterMs === undefined && this.failures < this.threshold && !this.outage) return;
    this.openUntil = this.now() + (retryAfterMs ?? this.cooldownMs);
    if (this.outage) return;
    this.outage = true;
    this.options.onOpen?.();
  }
}
