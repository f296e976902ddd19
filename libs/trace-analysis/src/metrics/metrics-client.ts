import { jaegerQueryUrlFrom, prometheusUrlFrom } from '@ituna/contracts';
import type { MetricsWindow, Point } from './metrics-model';

/** A series as Jaeger's metrics API answers it (api_v2 MetricFamily in JSON). */
interface JaegerMetricFamily {
  metrics?: {
    labels: { name: string; value: string }[];
    metricPoints: { gaugeValue?: { doubleValue?: number }; timestamp: string }[];
  }[];
}

/** A series as Prometheus's query_range answers it. */
interface PrometheusMatrix {
  status: string;
  error?: string;
  data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
}

/** One labelled series. */
export interface LabelledSeries {
  labels: Record<string, string>;
  points: Point[];
}

/** The RED kinds Jaeger's metrics API serves. */
export type RedKind = 'calls' | 'errors' | 'p95';

/** The span kinds of ITuna's stages: handlers (consumer), steps (internal), HTTP (server) and sends (producer). */
const SPAN_KINDS = ['server', 'consumer', 'internal', 'producer'];

const asNumber = (v: number | string | undefined): number | null => {
  const n = Number(v);
  return v === undefined || !Number.isFinite(n) ? null : n;
};

/**
 * Reads the RED metrics from Jaeger's metrics API (which reads them from Prometheus, where the
 * spanmetrics connector's output lands) and the consumer lag straight from Prometheus.
 */
export class MetricsClient {
  constructor(
    readonly jaegerUrl: string = jaegerQueryUrlFrom(),
    readonly prometheusUrl: string = prometheusUrlFrom(),
    private readonly timeoutMs = 15_000,
  ) {}

  private async getJson<T>(url: string, what: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new Error(`${what} cannot be reached (${(err as Error).message})`, { cause: err });
    }
    if (!res.ok) throw new Error(`${what} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as T;
  }

  /** One RED kind for each operation of `services` over the window. */
  async red(kind: RedKind, services: readonly string[], window: MetricsWindow): Promise<LabelledSeries[]> {
    const params = new URLSearchParams({
      groupByOperation: 'true',
      endTs: String(window.toMs),
      lookback: String(window.toMs - window.fromMs),
      step: String(window.stepMs),
      // The rate over a minute (several 5 s scrapes, smooth enough to read), or over the step when it
      // is longer, so that no call falls between two points.
      ratePer: String(Math.max(60_000, window.stepMs)),
    });
    for (const s of services) params.append('service', s);
    for (const k of SPAN_KINDS) params.append('spanKind', k);
    if (kind === 'p95') params.set('quantile', '0.95');
    const path = { calls: 'calls', errors: 'errors', p95: 'latencies' }[kind];
    const family = await this.getJson<JaegerMetricFamily>(
      `${this.jaegerUrl}/api/metrics/${path}?${params}`,
      `Jaeger's metrics API at ${this.jaegerUrl}`,
    );
    return (family.metrics ?? []).map((m) => ({
      labels: Object.fromEntries(m.labels.map((l) => [l.name, l.value])),
      points: m.metricPoints.map((p) => ({
        at: Date.parse(p.timestamp),
        value: asNumber(p.gaugeValue?.doubleValue),
      })),
    }));
  }

  /** A PromQL expression over the window, one series per label set. */
  async range(query: string, window: MetricsWindow): Promise<LabelledSeries[]> {
    const params = new URLSearchParams({
      query,
      start: String(window.fromMs / 1000),
      end: String(window.toMs / 1000),
      step: `${window.stepMs / 1000}s`,
    });
    const body = await this.getJson<PrometheusMatrix>(
      `${this.prometheusUrl}/api/v1/query_range?${params}`,
      `Prometheus at ${this.prometheusUrl}`,
    );
    if (body.status !== 'success') throw new Error(`Prometheus refused ${query}: ${body.error}`);
    return (body.data?.result ?? []).map((r) => ({
      labels: r.metric,
      points: r.values.map(([at, value]) => ({ at: at * 1000, value: asNumber(value) })),
    }));
  }
}
