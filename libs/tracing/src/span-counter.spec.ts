import { ExportResultCode } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  InMemorySpanExporter,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { CountingSpanExporter } from './counting-span-exporter';
import { CountingSpanProcessor } from './counting-span-processor';
import { queueDropMeterProvider } from './queue-drop-meter';
import { SpanCounter } from './span-counter';
import { reportSpanDrops } from './span-drop-reporter';

/** A provider whose spans pass through the counting wrappers around a real batch processor. */
function tracedWith(exporter: SpanExporter, maxQueueSize: number, counter: SpanCounter, sampled = true) {
  const processor = new CountingSpanProcessor(
    new BatchSpanProcessor({
      exporter: new CountingSpanExporter(exporter, counter),
      maxQueueSize,
      maxExportBatchSize: maxQueueSize,
      scheduledDelayMillis: 60_000,
      selfObsMeterProvider: queueDropMeterProvider((n) => (counter.dropped += n)),
    }),
    counter,
  );
  const provider = new TracerProvider({
    spanProcessors: [processor],
    ...(sampled ? {} : { sampler: new AlwaysOffSampler() }),
  });
  return { tracer: provider.getTracer('test'), provider };
}

describe('span counting', () => {
  it('counts the spans a full queue dropped, as dropped and as not exported', async () => {
    const counter = new SpanCounter();
    // A collector that does not answer until told: the queue fills behind the export in flight.
    const pending: (() => void)[] = [];
    let delivered = 0;
    const stalled: SpanExporter = {
      export: (spans, done) =>
        void pending.push(() => ((delivered += spans.length), done({ code: ExportResultCode.SUCCESS }))),
      shutdown: async () => undefined,
    };
    const { tracer, provider } = tracedWith(stalled, 4, counter);
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    const flushed = provider.forceFlush();
    while (pending.length) {
      pending.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await flushed;
    // 4 in the export in flight, 4 queued behind it, 2 dropped.
    expect(counter.snapshot()).toEqual({
      ended: 10,
      exported: delivered,
      failedExport: 0,
      dropped: 2,
      notExported: 10 - delivered,
    });
    expect(delivered).toBe(8);
    await provider.shutdown();
  });

  it('counts the spans of a failed export apart from the dropped ones', async () => {
    const counter = new SpanCounter();
    const failing: SpanExporter = {
      export: (_spans, done) => done({ code: ExportResultCode.FAILED, error: new Error('collector away') }),
      shutdown: async () => undefined,
    };
    const { tracer, provider } = tracedWith(failing, 8, counter);
    for (let i = 0; i < 3; i++) tracer.startSpan(`s${i}`).end();
    // The batch processor passes the export's failure on to whoever flushes.
    await expect(provider.shutdown()).rejects.toThrow('collector away');
    expect(counter.snapshot()).toEqual({ ended: 3, exported: 0, failedExport: 3, dropped: 0, notExported: 0 });
  });

  it('leaves spans that are not sampled out: they are never meant for export', async () => {
    const counter = new SpanCounter();
    const { tracer, provider } = tracedWith(new InMemorySpanExporter(), 8, counter, false);
    tracer.startSpan('unsampled').end();
    await provider.shutdown();
    expect(counter.snapshot()).toEqual({ ended: 0, exported: 0, failedExport: 0, dropped: 0, notExported: 0 });
  });
});

describe('reportSpanDrops', () => {
  afterEach(() => jest.useRealTimers());

  it('says once a minute how many spans a full queue dropped in it, and nothing in a minute without drops', () => {
    jest.useFakeTimers();
    const counter = new SpanCounter();
    const lines: string[] = [];
    const stop = reportSpanDrops(counter, (m) => lines.push(m));
    counter.dropped += 5;
    counter.dropped += 7;
    jest.advanceTimersByTime(60_000);
    jest.advanceTimersByTime(60_000); // a quiet minute
    counter.dropped += 1;
    jest.advanceTimersByTime(60_000);
    stop();
    counter.dropped += 3;
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual([
      'OpenTelemetry: 12 span(s) dropped in the last 60 s, the export queue full (OTEL_BSP_MAX_QUEUE_SIZE); 12 since start',
      'OpenTelemetry: 1 span(s) dropped in the last 60 s, the export queue full (OTEL_BSP_MAX_QUEUE_SIZE); 13 since start',
    ]);
  });
});
