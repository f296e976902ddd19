export { MetricsClient } from './metrics-client';
export type { LabelledSeries, RedKind } from './metrics-client';
export { LAG_METRIC, buildMetricsReport, joinLag, joinRed, metricsWindow } from './metrics-report';
export type { GroupLag, MetricsReport, MetricsWindow, Point, StageMetrics } from './metrics-model';
export { renderMetrics, sparkline } from './render-metrics';
