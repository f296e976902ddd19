import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Wraps an exporter and replaces it with a fresh one after a failed export (at most once per
 * interval). The OTLP gRPC exporter's channel backs off exponentially (up to two minutes)
 * while the collector is away, so spans would stay dropped long after it came back; a new
 * exporter dials at once.
 */
export class RecreatingSpanExporter implements SpanExporter {
  private inner: SpanExporter;
  private lastRecreated: number;

  constructor(
    private readonly create: () => SpanExporter,
    private readonly minIntervalMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.inner = create();
    this.lastRecreated = now();
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.recreate();
      done(result);
    });
  }

  private recreate(): void {
    if (this.now() - this.lastRecreated < this.minIntervalMs) return;
    this.lastRecreated = this.now();
    const old = this.inner;
    this.inner = this.create();
    void old.shutdown().catch(() => undefined);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
