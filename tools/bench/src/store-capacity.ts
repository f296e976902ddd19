import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { ATTR_ITUNA_ORDER_ID, SPANS } from '@ituna/contracts';
import type { BenchJaeger } from './bench-jaeger';
import { CpuMeter } from './process-stats';
import { PIPELINE_SPANS, uniformSample } from './span-completeness';

/** The spans of one synthetic trace: an order's names and attributes, as the services write them. */
const TRACE_SHAPE = [...PIPELINE_SPANS, SPANS.commitTransaction, SPANS.commitTransaction];
export const SPANS_PER_TRACE = TRACE_SHAPE.length;
/** The services' batch size (the SDK's default), sent several at once as several services would. */
const BATCH = 512;
const IN_FLIGHT = 8;

/** How fast Jaeger stores spans, alone on the machine: its capacity, apart from the services. */
export interface StoreCapacity {
  storage: string;
  spans: number;
  /** From the first batch sent until every sampled trace is found whole in the query API. */
  seconds: number;
  spansPerSecond: number;
  /** Jaeger's CPU per span stored, its idle use removed, in microseconds. */
  cpuUsPerSpan: number;
  /** Sampled traces found whole over those sampled (1 unless Jaeger lost spans). */
  completeness: number;
}

/**
 * Sends `traces` synthetic order traces straight to Jaeger over OTLP gRPC, in the services' batch
 * size with several batches in flight, and times them until a uniform sample of 60 traces
 * (the last one sent among them) is found whole: the spans per second Jaeger stores on this
 * machine, and its CPU per span, with nothing else running.
 */
export async function measureStoreCapacity(jaeger: BenchJaeger, traces: number): Promise<StoreCapacity> {
  const spans = syntheticTraces(traces);
  const traceIds = [...new Set(spans.map((s) => s.spanContext().traceId))];
  const exporter = new OTLPTraceExporter({ url: jaeger.otlpEndpoint });
  const meter = new CpuMeter([jaeger.processId as number]);
  await meter.measureIdle(2000);
  const window = meter.start();
  const t0 = performance.now();
  const batches = Array.from({ length: Math.ceil(spans.length / BATCH) }, (_, i) =>
    spans.slice(i * BATCH, (i + 1) * BATCH),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches.length) await exportBatch(exporter, batches[next++]);
    }),
  );
  const sample = [...uniformSample(traceIds, 59), traceIds[traceIds.length - 1]];
  const whole = await waitUntilStored(jaeger.queryUrl, sample, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = window.end();
  await exporter.shutdown();
  return {
    storage: jaeger.storage,
    spans: spans.length,
    seconds,
    spansPerSecond: spans.length / seconds,
    cpuUsPerSpan: (cpu.cpuMs * 1000) / spans.length,
    completeness: whole / sample.length,
  };
}

function syntheticTraces(traces: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'ituna-store-capacity' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('ituna-bench');
  for (let t = 0; t < traces; t++) {
    const orderId = `capacity-${t}`;
    const root = tracer.startSpan(TRACE_SHAPE[0], {
      kind: SpanKind.CONSUMER,
      attributes: { [ATTR_ITUNA_ORDER_ID]: orderId, 'messaging.system': 'kafka' },
    });
    // The parent given outright: this process registers no context manager.
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    for (const name of TRACE_SHAPE.slice(1))
      tracer.startSpan(name, { attributes: { [ATTR_ITUNA_ORDER_ID]: orderId } }, parent).end();
    root.end();
  }
  return memory.getFinishedSpans();
}

function exportBatch(exporter: OTLPTraceExporter, batch: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(batch, (result) =>
      result.code === ExportResultCode.SUCCESS
        ? resolve()
        : reject(new Error(`Jaeger refused a batch: ${result.error?.message ?? 'no reason given'}`)),
    ),
  );
}

/** Polls the query API until every trace of `ids` has all its spans; returns how many did by the deadline. */
async function waitUntilStored(queryUrl: string, ids: readonly string[], timeoutMs: number): Promise<number> {
  const pending = new Set(ids);
  const deadline = Date.now() + timeoutMs;
  while (pending.size && Date.now() < deadline) {
    for (const id of [...pending]) {
      const res = await fetch(`${queryUrl}/api/traces/${id}`);
      const body = res.ok ? ((await res.json()) as { data?: { spans: unknown[] }[] }) : {};
      if ((body.data?.[0]?.spans.length ?? 0) >= SPANS_PER_TRACE) pending.delete(id);
      else break; // not stored yet: ask again after a moment, not for every other trace
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 100));
  }
  return ids.length - pending.size;
}
