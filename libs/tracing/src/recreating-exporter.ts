import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Wraps an exporter and replaces it with a fresh one after an export failed because the collector
 * could not be reached (gRPC UNAVAILABLE), at most once per interval. The OTLP gRPC exporter's
 * channel backs off exponentially (up to two minutes) while the collector is away, so spans would
 * stay dropped long after it came back; a new exporter dials at once. A slow collector (deadline
 * exceeded) keeps its connection: a new one would only add work.
 */
/** gRPC status 14 (UNAVAILABLE): no connection to the collector. */
function isUnreachable(error: unknown): boolean {
  const e = error as { code?: number; message?: string } | undefined;
  return e?.code === 14 || /UNAVAILABLE|ECONNREFUSED/.test(e?.message ?? '');
}

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
      if (result.code !== ExportResultCode.SUCCESS && isUnreachable(result.error)) this.recreate();
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
