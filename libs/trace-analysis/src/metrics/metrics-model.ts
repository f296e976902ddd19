/** A point of a series over time: when (ms since the epoch) and the value (null: nothing to say then). */
export interface Point {
  at: number;
  value: number | null;
}

/** The window a metrics report covers and how far apart its points are. */
export interface MetricsWindow {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

/** Rate, errors and duration of one stage (a service's operation), from Jaeger's metrics API. */
export interface StageMetrics {
  service: string;
  operation: string;
  /** Calls per second. */
  rate: Point[];
  /** Errors over calls, 0 to 1. */
  errorRatio: Point[];
  /** The 95th percentile duration, ms. */
  p95: Point[];
  /** The last point of each with a value. */
  now: { rate: number | null; errorRatio: number | null; p95: number | null };
}

/** One consumer group's lag on one topic (summed over partitions), from the broker's offsets via Prometheus. */
export interface GroupLag {
  group: string;
  topic: string;
  /** The most behind within each step (commit markers of transactions count as messages). */
  series: Point[];
  /** The last point with a value, and the highest. */
  now: number | null;
  max: number | null;
  /** The lag of each partition at the last point. */
  partitions: { partition: number; lag: number | null }[];
  /** The p95 wait of messages in this topic, from the traces of the same window (when the report has them). */
  queueWaitP95Ms?: number;
}

/** RED metrics per stage and consumer lag per group over a window; `unavailable` says why a part is missing. */
export interface MetricsReport {
  window: MetricsWindow;
  stages: StageMetrics[];
  lag: GroupLag[];
  unavailable: { red?: string; lag?: string };
}
