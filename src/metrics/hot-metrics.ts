import type { Metric, Registry } from 'prom-client';

/** A label set: every label of the metric, as text. */
export type LabelSet<L extends string> = Readonly<Record<L, string>>;

/** One value of a metric as prom-client's registry prints it (`metricName` for a histogram's series). */
interface ExportedValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** One label set's count, kept by a {@link HotCounter}: adding is all that happens per event. */
export class CounterSlot {
  value = 0;

  constructor(readonly labels: Readonly<Record<string, string>>) {}

  /** Adds `amount` (default 1); a negative or non-finite amount is refused, as prom-client does. */
  add(amount = 1): void {
    if (!(amount >= 0 && amount < Number.POSITIVE_INFINITY))
      throw new TypeError(`A counter only grows by a finite amount (got ${amount})`);
    this.value += amount;
  }
}

/** One label set's buckets, sum and count, kept by a {@link HotHistogram}. */
export class HistogramSlot {
  /** Observations per bucket (not cumulative); the last one is above every bound (`+Inf`). */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Records one observation; a non-finite value is refused, as prom-client does. */
  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count += 1;
  }
}

/**
 * What the two hot metrics share: a slot per label set, checked once when it is created, and registration in
 * prom-client's registry, which asks {@link get} for the values when `/metrics` is scraped.
 */
abstract class HotMetric<L extends string, S extends { labels: Readonly<Record<string, string>> }> {
  readonly aggregator = 'sum';
  private readonly slots = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    registry: Registry,
  ) {
    // prom-client's registry prints any metric that tells its name, help, type and values; its types only
    // name its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** The prom-client metric type (`counter`, `histogram`). */
  abstract readonly type: string;

  /**
   * The slot of one label set, created at its first use. Keep it (per route, per channel…) so that recording
   * is an addition, with no label set to build or look up.
   */
  slot(labels: LabelSet<L>): S {
    let key = '';
    for (const name of this.labelNames) key += `${labels[name]}\u0000`;
    let slot = this.slots.get(key);
    if (!slot) {
      for (const name of Object.keys(labels))
        if (!this.labelNames.includes(name as L))
          throw new TypeError(`${this.name}: unknown label "${name}"`);
      for (const name of this.labelNames)
        if (typeof labels[name] !== 'string') throw new TypeError(`${this.name}: label "${name}" missing`);
      slot = this.createSlot({ ...labels });
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** The values in prom-client's format, for its registry. */
  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: ExportedValue[];
  }> {
    const values: ExportedValue[] = [];
    for (const slot of this.slots.values()) this.export(slot, values);
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /**
   * Starts every label set again from zero (prom-client's `registry.resetMetrics()`). The slots stay, so
   * those kept by callers go on counting.
   */
  reset(): void {
    for (const slot of this.slots.values()) this.zero(slot);
  }

  protected abstract zero(slot: S): void;
  protected abstract createSlot(labels: Readonly<Record<string, string>>): S;
  protected abstract export(slot: S, into: ExportedValue[]): void;
}

/**
 * A Prometheus counter for the message path. prom-client's own `inc()` hashes and validates a label object at
 * every call, a visible share of the message path's main-thread time with the HTTP and turn metrics
 * (figures: docs/performance.md). Here a label set becomes a
 * {@link CounterSlot} once, and counting is an addition. The values are printed by prom-client's registry,
 * exactly as its own Counter prints them.
 */
export class HotCounter<L extends string> extends HotMetric<L, CounterSlot> {
  readonly type = 'counter';

  constructor(config: { name: string; help: string; labelNames: readonly L[]; registry: Registry }) {
    super(config.name, config.help, config.labelNames, config.registry);
  }

  /** Adds to one label set's count (looks the slot up: on a hot path, keep the {@link slot} instead). */
  inc(labels: LabelSet<L>, amount = 1): void {
    this.slot(labels).add(amount);
  }

  protected createSlot(labels: Readonly<Record<string, string>>): CounterSlot {
    return new CounterSlot(labels);
  }

  protected zero(slot: CounterSlot): void {
    slot.value = 0;
  }

  protected export(slot: CounterSlot, into: ExportedValue[]): void {
    into.push({ value: slot.value, labels: { ...slot.labels } });
  }
}

/**
 * A Prometheus histogram for the message path: as {@link HotCounter}, a label set becomes a
 * {@link HistogramSlot} once and observing is a bucket search and three additions. Printed by prom-client's
 * registry exactly as its own Histogram prints it (cumulative `_bucket` series with `le`, `_sum`, `_count`).
 */
export class HotHistogram<L extends string> extends HotMetric<L, HistogramSlot> {
  readonly type = 'histogram';
  private readonly bounds: readonly number[];

  constructor(config: {
    name: string;
    help: string;
    labelNames: readonly L[];
    buckets: readonly number[];
    registry: Registry;
  }) {
    super(config.name, config.help, config.labelNames, config.registry);
    this.bounds = [...config.buckets].sort((a, b) => a - b);
  }

  /** Records one observation for a label set (looks the slot up: on a hot path, keep the {@link slot}). */
  observe(labels: LabelSet<L>, value: number): void {
    this.slot(labels).observe(value);
  }

  protected createSlot(labels: Readonly<Record<string, string>>): HistogramSlot {
    return new HistogramSlot(labels, this.bounds);
  }

  protected zero(slot: HistogramSlot): void {
    slot.counts.fill(0);
    slot.sum = 0;
    slot.count = 0;
  }

  protected export(slot: HistogramSlot, into: ExportedValue[]): void {
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += slot.counts[i] ?? 0;
      into.push({ value: cumulative, labels: { le, ...slot.labels }, metricName: bucket });
    });
    into.push(
      { value: slot.count, labels: { le: '+Inf', ...slot.labels }, metricName: bucket },
      { value: slot.sum, labels: { ...slot.labels }, metricName: `${this.name}_sum` },
      { value: slot.count, labels: { ...slot.labels }, metricName: `${this.name}_count` },
    );
  }
}
