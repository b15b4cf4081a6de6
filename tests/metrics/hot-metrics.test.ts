import { Counter, Histogram, Registry } from 'prom-client';
import { HotCounter, HotHistogram } from '../../src/metrics/hot-metrics';

const BUCKETS = [0.005, 0.01, 0.05, 0.5, 2.5];

/** The same metrics twice: prom-client's own classes and the hot ones, each in a registry of its own. */
function pair() {
  const reference = new Registry();
  const hot = new Registry();
  const config = { name: 'demo_requests_total', help: 'Requests.', labelNames: ['route', 'status'] as const };
  const histogram = {
    name: 'demo_duration_seconds',
    help: 'Duration.',
    labelNames: ['route'] as const,
    buckets: BUCKETS,
  };
  return {
    reference,
    hot,
    counters: [
      new Counter({ ...config, labelNames: [...config.labelNames], registers: [reference] }),
      new HotCounter({ ...config, registry: hot }),
    ] as const,
    histograms: [
      new Histogram({ ...histogram, labelNames: [...histogram.labelNames], registers: [reference] }),
      new HotHistogram({ ...histogram, registry: hot }),
    ] as const,
  };
}

describe('hot metrics', () => {
  it('print exactly what prom-client prints for the same counts and observations', async () => {
    const { reference, hot, counters, histograms } = pair();
    const [refCounter, hotCounter] = counters;
    const [refHistogram, hotHistogram] = histograms;
    const events: Array<[string, string, number]> = [
      ['/a', '200', 0.001],
      ['/a', '200', 0.005], // on a bound: counted in that bucket
      ['/a', '404', 0.02],
      ['/b/:id', '200', 0.7],
      ['/b/:id', '200', 3], // above every bound: only in +Inf
      ['/a', '200', 0.049],
    ];
    const slot = hotHistogram.slot({ route: '/a' });
    for (const [route, status, seconds] of events) {
      refCounter.inc({ route, status });
      hotCounter.inc({ route, status });
      refHistogram.observe({ route }, seconds);
      if (route === '/a') slot.observe(seconds);
      else hotHistogram.observe({ route }, seconds);
    }
    refCounter.inc({ route: '/a', status: '200' }, 5);
    hotCounter.slot({ route: '/a', status: '200' }).add(5);
    expect(await hot.metrics()).toBe(await reference.metrics());
    expect(await hot.metrics()).toContain('demo_duration_seconds_bucket{le="0.005",route="/a"} 2');
    expect(await hot.metrics()).toContain('demo_requests_total{route="/a",status="200"} 8');
  });

  it('refuse what prom-client refuses: unknown or missing labels, a counter going down, NaN', () => {
    const { counters, histograms } = pair();
    const [, counter] = counters;
    const [, histogram] = histograms;
    expect(() => counter.inc({ route: '/a', status: '200', extra: 'x' } as never)).toThrow(
      /unknown label "extra"/,
    );
    expect(() => counter.inc({ route: '/a' } as never)).toThrow(/label "status" missing/);
    expect(() => counter.inc({ route: '/a', status: '200' }, -1)).toThrow(TypeError);
    expect(() => histogram.observe({ route: '/a' }, Number.NaN)).toThrow(TypeError);
  });

  it('start again from zero when the registry resets its metrics, and slots kept by callers go on counting', async () => {
    const { hot, counters, histograms } = pair();
    const kept = counters[1].slot({ route: '/a', status: '200' });
    const timing = histograms[1].slot({ route: '/a' });
    kept.add(3);
    timing.observe(0.02);
    hot.resetMetrics();
    expect(await hot.metrics()).toContain('demo_requests_total{route="/a",status="200"} 0');
    expect(await hot.metrics()).toContain('demo_duration_seconds_count{route="/a"} 0');
    kept.add();
    timing.observe(0.003);
    const body = await hot.metrics();
    expect(body).toContain('demo_requests_total{route="/a",status="200"} 1');
    expect(body).toContain('demo_duration_seconds_bucket{le="0.005",route="/a"} 1');
    expect(body).toContain('demo_duration_seconds_sum{route="/a"} 0.003');
  });
});
