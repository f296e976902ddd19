export { JaegerClient, JaegerUnreachableError } from './jaeger-client';
export type { JaegerTrace, JaegerSpan } from './jaeger-model';
export type { OrderTrace } from './order-trace';
export { buildReport } from './report';
export type { Report } from './report';
export { summarize } from './stats';
export type { Summary } from './stats';
export { findOrder, collectOrders, parseSince, OrderNotFoundError, QueryLimitError } from './queries';
export { renderWaterfall, renderReport } from './render-text';
