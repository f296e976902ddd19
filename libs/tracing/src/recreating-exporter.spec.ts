import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { RecreatingSpanExporter } from './recreating-exporter';

function fakeExporter(ok: () => boolean) {
  const e = { exported: 0, closed: false } as { exported: number; closed: boolean } & SpanExporter;
  e.export = (spans, done) => {
    e.exported += spans.length;
    done(
      ok()
        ? { code: ExportResultCode.SUCCESS }
        : {
            code: ExportResultCode.FAILED,
            error: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
          },
    );
  };
  e.shutdown = async () => void (e.closed = true);
  return e;
}

describe('RecreatingSpanExporter', () => {
  it('replaces the exporter after a failure, at most once per interval, and closes the old one', () => {
    let collectorUp = false;
    let now = 0;
    const made: ReturnType<typeof fakeExporter>[] = [];
    const exporter = new RecreatingSpanExporter(
      () => (made.push(fakeExporter(() => collectorUp)), made[made.length - 1]),
      5_000,
      () => now,
    );
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
    expect(results).toEqual([
      ExportResultCode.FAILED,
      ExportResultCode.FAILED,
      ExportResultCode.FAILED,
      ExportResultCode.SUCCESS,
    ]);
    expect(made[1].exported).toBe(2);
  });
});

describe('RecreatingSpanExporter with a slow collector', () => {
  it('keeps the exporter when the export only timed out', () => {
    let now = 0;
    let made = 0;
    const slow: SpanExporter = {
      export: (_s, done) =>
        done({ code: ExportResultCode.FAILED, error: Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }) }),
      shutdown: async () => undefined,
    };
    const exporter = new RecreatingSpanExporter(
      () => (made++, slow),
      5_000,
      () => now,
    );
    now = 60_000;
    exporter.export([{} as never], () => undefined);
    expect(made).toBe(1);
  });
});
