import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { RecreatingSpanExporter } from './recreating-exporter';

function fakeExporter(ok: () => boolean) {
  const e = { exported: 0, closed: false } as { exported: number; closed: boolean } & SpanExporter;
  e.export = (spans, done) => {
    e.exported += spans.length;
    done({ code: ok() ? ExportResultCode.SUCCESS : ExportResultCode.FAILED });
  };
  e.shutdown = async () => void (e.closed = true);
  return e;
}

describe('RecreatingSpanExporter', () => {
  it('replaces the exporter after a failure, at most once per interval, and closes the old one', () => {
    let collectorUp = false;
    let now = 0;
    const made: ReturnType<typeof fakeExporter>[] = [];
    const exporter = new RecreatingSpanExporter(() => (made.push(fakeExporter(() => collectorUp)), made[made.length - 1]), 5_000, () => now);
    const results: number[] = [];
    exporter.export([{} as never], (r) => results.push(r.code));
    expect(made).toHaveLength(1); // too soon after creation
    now = 6_000;
    exporter.export([{} as never], (r) => results.push(r.code));
    expect(made).toHaveLength(2);
    expect(made[0].closed).toBe(true);
    now = 7_000;
    exporter.export([{} as never], (r) => results.push(r.code));
    expect(made).toHaveLength(2);
    collectorUp = true;
    exporter.export([{} as never], (r) => results.push(r.code));
    expect(results).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED, ExportResultCode.FAILED, ExportResultCode.SUCCESS]);
    expect(made[1].exported).toBe(2);
  });
});
