import type { Spread } from '../spread';
import type { SpanCostLayer } from './layers';

/** One layer measured once, in a process of its own. */
export interface SpanCostRun {
  layer: SpanCostLayer;
  /** Set by the runner: the child knows only its layer. */
  round?: number;
  orders: number;
  spans: number;
  /** The process's CPU (every thread: GC and the exporter included) over the orders and the final flush. */
  cpuMs: number;
  wallMs: number;
  /** Spans the exporter took over the measured orders; absent for the layers without one. */
  exported?: number;
  /** Spans of the measured orders in an export that failed (refused or timed out). */
  failedExport?: number;
}

/** A layer over the rounds: CPU per span, and what it adds to the layer before it and to "off". */
export interface SpanCostSummary {
  layer: SpanCostLayer;
  label: string;
  rounds: number;
  usPerSpan: Spread;
  /** Over the layer before, per span: the median of the rounds' differences (each round's two runs side by side). */
  addedUsPerSpan?: Spread;
  /** Over "off", per order of SPANS_PER_ORDER spans. */
  addedMsPerOrder?: Spread;
  /** The lowest round's exported over made; 1 means every span reached the exporter. */
  exportedShare?: number;
}
