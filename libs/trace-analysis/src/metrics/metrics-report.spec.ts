import type { Report } from '../report';
import type { LabelledSeries, MetricsClient } from './metrics-client';
import { buildMetricsReport, joinLag, joinRed, metricsWindow } from './metrics-report';
import { renderMetrics, sparkline } from './render-metrics';

const series = (labels: Record<string, string>, values: (number | null)[]): LabelledSeries => ({
  labels,
  points: values.map((value, i) => ({ at: 1_000_000 + i * 5000, value })),
});
const op = (service: string, operation: string) => ({ service_name: service, operation });

describe('metricsWindow', () => {
  it('takes about 24 points on whole 5 s, never closer than one 5 s scrape', () => {
    expect(metricsWindow(0, 60_000).stepMs).toBe(5_000);
    expect(metricsWindow(0, 15 * 60_000).stepMs).toBe(40_000);
    expect(metricsWindow(0, 3600_000).stepMs).toBe(150_000);
  });
});

describe('joinRed', () => {
  it('joins calls, error ratios and p95 per operation, in pipeline order, leaving out operations with no call', () => {
    const stages = joinRed(
      [
        series(op('kitchen-service', 'cook-order'), [1, 2]),
        series(op('order-validation', 'validate-inventory'), [0.5, null]),
        series(op('order-validation', 'idle'), [0, 0]),
      ],
      [series(op('order-validation', 'validate-inventory'), [0.1, 0.25])],
      [
        series(op('order-validation', 'validate-inventory'), [900, 950]),
        series(op('kitchen-service', 'cook-order'), [250, 240]),
      ],
    );
    expect(stages.map((s) => [s.service, s.operation, s.now])).toEqual([
      ['order-validation', 'validate-inventory', { rate: 0.5, errorRatio: 0.25, p95: 950 }],
      // No error series: Jaeger answers none for an operation without errors.
      ['kitchen-service', 'cook-order', { rate: 2, errorRatio: 0, p95: 240 }],
    ]);
  });
});

describe('joinLag', () => {
  const lagOf = (partition: string, values: (number | null)[], topic = 'ituna-orders') =>
    series({ group: 'order-validation-server', topic, partition }, values);

  it('sums partitions per group and topic, keeps each partition last, and puts the queue wait beside it', () => {
    const report = {
      stages: [{ stage: 'queue ituna-orders', kind: 'queue', duration: { p95: 4200 } }],
    } as unknown as Report;
    const [lag, kitchen] = joinLag(
      [lagOf('1', [0, 7, 3]), lagOf('0', [0, null, 2]), lagOf('0', [1, 1, 1], 'kitchen-orders')],
      report,
    );
    expect(lag).toMatchObject({
      group: 'order-validation-server',
      topic: 'ituna-orders',
      now: 5,
      max: 7,
      partitions: [
        { partition: 0, lag: 2 },
        { partition: 1, lag: 3 },
      ],
      queueWaitP95Ms: 4200,
    });
    expect(lag.series.map((p) => p.value)).toEqual([0, 7, 5]);
    expect(kitchen).toMatchObject({ topic: 'kitchen-orders', now: 1, max: 1 });
    expect(kitchen.queueWaitP95Ms).toBeUndefined();
  });

  it('says nothing (null) where no partition has a value', () => {
    const [lag] = joinLag([lagOf('0', [null, null])]);
    expect([lag.now, lag.max, lag.series.map((p) => p.value)]).toEqual([null, null, [null, null]]);
  });
});

describe('buildMetricsReport', () => {
  it('says which part could not be read and keeps the other', async () => {
    const client = {
      red: () => Promise.reject(new Error("Jaeger's metrics API at http://j answered HTTP 500: no backend")),
      range: () => Promise.resolve([series({ group: 'g', topic: 't', partition: '0' }, [4])]),
    } as unknown as MetricsClient;
    const m = await buildMetricsReport(client, metricsWindow(0, 60_000));
    expect(m.unavailable).toEqual({ red: "Jaeger's metrics API at http://j answered HTTP 500: no backend" });
    expect(m.lag.map((l) => l.now)).toEqual([4]);
    const text = renderMetrics(m);
    expect(text).toContain('not available: Jaeger');
    expect(text).toMatch(/^ {2}g +t +4 +4 +- +█$/m);
  });
});

describe('sparkline', () => {
  it('scales to the series maximum and leaves a gap where there is no value', () => {
    expect(sparkline([0, 4, null, 8].map((value, at) => ({ at, value })))).toBe('▁▅ █');
    expect(sparkline([0, 0].map((value, at) => ({ at, value })))).toBe('▁▁');
  });
});
