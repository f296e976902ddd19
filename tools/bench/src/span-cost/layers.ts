/** The layers of the tracing stack, measured one at a time; each adds one part to the one before. */
export const SPAN_COST_LAYERS = [
  { name: 'off', label: 'no SDK: the API is a no-op (what B runs)' },
  { name: 'spans', label: 'SDK spans, context and propagation; nothing kept' },
  { name: 'batched', label: "+ startTracing()'s processors and batch queue; exporter discards" },
  { name: 'encoded', label: '+ OTLP protobuf encoding; bytes discarded' },
  { name: 'exported', label: "+ OTLP gRPC to the collector: the services' setup" },
] as const;

export type SpanCostLayer = (typeof SPAN_COST_LAYERS)[number]['name'];

export const isSpanCostLayer = (name: string): name is SpanCostLayer => SPAN_COST_LAYERS.some((l) => l.name === name);
