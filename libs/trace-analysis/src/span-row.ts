/** One span of an order's trace as the waterfall shows it. */
export interface SpanRow {
  spanId: string;
  parentId?: string;
  service: string;
  /** The process's `service.instance.id`: which instance of the service did this. */
  instance?: string;
  name: string;
  kind: string;
  depth: number;
  /** ms from the start of the trace. */
  offsetMs: number;
  durationMs: number;
  /** Time in this span not covered by its children: where the time actually went. */
  selfMs: number;
  error?: string;
}
