// One layer's measurement, in a process of its own (a tracer provider is registered once per
// process): `node child.ts <layer> <orders> <warm-up orders>` prints one SpanCostRun as JSON.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing, type TracingHandle } from '@ituna/tracing';
import { isSpanCostLayer, type SpanCostLayer } from './layers';
import { OrderHops, SPANS_PER_ORDER } from './order-hops';
import type { SpanCostRun } from './types';

/** Hands each batch back as exported; with `encode`, after writing it as the OTLP gRPC exporter would. */
class DiscardingExporter implements SpanExporter {
  bytes = 0;

  constructor(private readonly encode: boolean) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.encode) this.bytes += ProtobufTraceSerializer.serializeRequest(spans)?.length ?? 0;
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {
    // Nothing to release: the exporter holds no connection.
  }
}

interface Layer {
  flush(): Promise<void>;
  tracing?: TracingHandle;
}

function setUp(layer: SpanCostLayer): Layer {
  const instrumentations = { http: false, express: false, pino: false, kafkajs: false };
  switch (layer) {
    case 'off':
      return { flush: async () => undefined };
    case 'spans': {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      const provider = new TracerProvider();
      trace.setGlobalTracerProvider(provider);
      return { flush: () => provider.forceFlush() };
    }
    case 'batched':
    case 'encoded': {
      const tracing = startTracing({
        serviceName: 'ituna-span-cost',
        exporter: new DiscardingExporter(layer === 'encoded'),
        instrumentations,
      });
      return { flush: () => tracing.forceFlush(), tracing };
    }
    case 'exported': {
      const tracing = startTracing({ serviceName: 'ituna-span-cost', instrumentations });
      return { flush: () => tracing.forceFlush(), tracing };
    }
  }
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * Flushes, then waits until every ended span is exported or failed: the SDK's forceFlush exports
 * what is queued but does not wait for a batch already on its way, which would then be counted
 * in the next window (seen: 512 warm-up spans counted with the measured orders).
 */
async function settle(layer: Layer): Promise<void> {
  await layer.flush();
  const deadline = Date.now() + 30_000;
  while (layer.tracing && layer.tracing.spanCounts().notExported > 0) {
    if (Date.now() > deadline)
      throw new Error(`spans still not exported after 30 s: ${JSON.stringify(layer.tracing.spanCounts())}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await layer.flush();
  }
}

/** Each order arrives on its own turn of the event loop, as a Kafka message does, so exports get their turns too. */
async function runOrders(hops: OrderHops, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await hops.run({ orderId: `${prefix}-${i}`, items: ['sake-nigiri', 'maguro-nigiri'] });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function main(): Promise<void> {
  const [layer, ordersArg, warmUpArg] = process.argv.slice(2);
  if (!layer || !isSpanCostLayer(layer)) throw new Error(`unknown layer "${layer}"`);
  const orders = Number(ordersArg);
  const warmUp = Number(warmUpArg);
  const tracingLayer = setUp(layer);
  const hops = new OrderHops();

  await runOrders(hops, warmUp, 'warm-up');
  await settle(tracingLayer);
  const before = tracingLayer.tracing?.spanCounts();
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await runOrders(hops, orders, 'order');
  await settle(tracingLayer);
  const cpu = cpuMs(process.cpuUsage(cpuBefore));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const after = tracingLayer.tracing?.spanCounts();
  await tracingLayer.tracing?.shutdown();

  const run: SpanCostRun = {
    layer,
    orders,
    spans: orders * SPANS_PER_ORDER,
    cpuMs: cpu,
    wallMs,
    // Spans the collector took (for the layers that export): the same as made, or the work differed.
    exported: before && after ? after.exported - before.exported : undefined,
    failedExport: before && after ? after.failedExport - before.failedExport : undefined,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
