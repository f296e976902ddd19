export { JaegerClient, JaegerUnreachableError } from './jaeger-client';
export type { JaegerTrace, JaegerSpan, JaegerTag } from './jaeger-model';
export { analyzeTrace } from './order-trace';
export type { OrderTrace, SpanRow, QueueHop } from './order-trace';
export { buildReport } from './report';
export type { Report, StageReport } from './report';
export { summarize, percentile } from './stats';
export type { Summary } from './stats';
export {
  findOrder,
  collectOrders,
  parseDuration,
  parseSince,
  OrderNotFoundError,
  QueryLimitError,
  REPORT_LIMITS,
} from './queries';
export type { CollectedOrders } from './queries';
export { renderWaterfall, renderReport } from './render-text';
