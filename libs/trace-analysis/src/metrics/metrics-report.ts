import { SERVICE_NAMES } from '@ituna/contracts';
import type { Report } from '../report';
import type { LabelledSeries, MetricsClient } from './metrics-client';
import type { GroupLag, MetricsReport, MetricsWindow, Point, StageMetrics } from './metrics-model';

/** The gauge the insights app serves on /metrics, per group, topic and partition, for Prometheus to keep. */
export const LAG_METRIC = 'ituna_kafka_consumer_lag';

/** About 24 points over the window, on whole 5 s (Prometheus scrapes every 5 s). */
export function metricsWindow(fromMs: number, toMs: number): MetricsWindow {
  const stepMs = Math.max(5_000, Math.ceil((toMs - fromMs) / 24 / 5_000) * 5_000);
  return { fromMs, toMs, stepMs };
}

const last = (points: Point[]): number | null => [...points].reverse().find((p) => p.value !== null)?.value ?? null;

const keyOf = (s: LabelledSeries) => `${s.labels.service_name}|${s.labels.operation}`;

/** Calls, error ratios and p95s joined per service and operation; stages without a call in the window left out. */
export function joinRed(calls: LabelledSeries[], errors: LabelledSeries[], p95: LabelledSeries[]): StageMetrics[] {
  const errorsOf = new Map(errors.map((s) => [keyOf(s), s.points]));
  const p95Of = new Map(p95.map((s) => [keyOf(s), s.points]));
  const order = (service: string) => SERVICE_NAMES.indexOf(service as (typeof SERVICE_NAMES)[number]);
  return calls
    .filter((s) => s.points.some((p) => (p.value ?? 0) > 0))
    .map((s) => {
      // Jaeger answers no error series for an operation that had none: its ratio is then 0 wherever it had calls.
      const errorRatio =
        errorsOf.get(keyOf(s)) ?? s.points.map((p) => ({ at: p.at, value: p.value === null ? null : 0 }));
      const latency = p95Of.get(keyOf(s)) ?? [];
      return {
        service: s.labels.service_name,
        operation: s.labels.operation,
        rate: s.points,
        errorRatio,
        p95: latency,
        now: { rate: last(s.points), errorRatio: last(errorRatio), p95: last(latency) },
      };
    })
    .sort((a, b) => order(a.service) - order(b.service) || a.operation.localeCompare(b.operation));
}

/** Partition series summed per group and topic, each beside the traces' queue wait on that topic. */
export function joinLag(partitions: LabelledSeries[], report?: Report): GroupLag[] {
  const byGroup = new Map<string, LabelledSeries[]>();
  for (const s of partitions) {
    const key = `${s.labels.group}|${s.labels.topic}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), s]);
  }
  return [...byGroup.entries()]
    .map(([key, series]) => {
      const [group, topic] = key.split('|');
      const sums = new Map<number, number | null>();
      for (const s of series)
        for (const p of s.points)
          sums.set(p.at, p.value === null ? (sums.get(p.at) ?? null) : (sums.get(p.at) ?? 0) + p.value);
      const summed = [...sums.entries()].sort(([a], [b]) => a - b).map(([at, value]) => ({ at, value }));
      const values = summed.map((p) => p.value).filter((v): v is number => v !== null);
      const queue = report?.stages.find((st) => st.kind === 'queue' && st.stage === `queue ${topic}`);
      return {
        group,
        topic,
        series: summed,
        now: last(summed),
        max: values.length ? Math.max(...values) : null,
        partitions: series
          .map((s) => ({ partition: Number(s.labels.partition), lag: last(s.points) }))
          .sort((a, b) => a.partition - b.partition),
        ...(queue ? { queueWaitP95Ms: queue.duration.p95 } : {}),
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic));
}

/**
 * RED metrics of ITuna's services and the lag of their consumer groups over `window`; a part that
 * cannot be read (Prometheus off, Jaeger without its metrics backend) is said in `unavailable`.
 * `report`, the traces' report of the same window, puts each topic's queue wait beside its lag (a
 * promise of it lets the metrics be read while the traces are).
 */
export async function buildMetricsReport(
  client: MetricsClient,
  window: MetricsWindow,
  report?: Report | Promise<Report>,
): Promise<MetricsReport> {
  const unavailable: MetricsReport['unavailable'] = {};
  const [red, lag, traces] = await Promise.all([
    Promise.all([
      client.red('calls', SERVICE_NAMES, window),
      client.red('errors', SERVICE_NAMES, window),
      client.red('p95', SERVICE_NAMES, window),
    ]).catch((err: Error) => {
      unavailable.red = err.message;
      return undefined;
    }),
    // The most behind within each step (and one 5 s scrape more, so that every step holds a sample):
    // a short backlog between two points is not missed.
    client.range(`max_over_time(${LAG_METRIC}[${window.stepMs / 1000 + 5}s])`, window).catch((err: Error) => {
      unavailable.lag = err.message;
      return undefined;
    }),
    report,
  ]);
  return {
    window,
    stages: red ? joinRed(...red) : [],
    lag: lag ? joinLag(lag, traces) : [],
    unavailable,
  };
}
