import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { SpanCounter } from './span-counter';

/** Counts the spans `next` exported and those it could not. */
export class CountingSpanExporter implements SpanExporter {
  constructor(
    private readonly next: SpanExporter,
    private readonly counter: SpanCounter,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.next.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.counter.exported += spans.length;
      else this.counter.failedExport += spans.length;
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush?.() ?? Promise.resolve();
  }
}
