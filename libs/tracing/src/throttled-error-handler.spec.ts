import { throttledErrorHandler } from './throttled-error-handler';

describe('throttledErrorHandler', () => {
  it('reports the first error, then at most one per interval with a count of the suppressed ones', () => {
    const lines: string[] = [];
    let now = 0;
    const handle = throttledErrorHandler((m) => lines.push(m), { now: () => now });
    handle(new Error('14 UNAVAILABLE: No connection established'));
    for (let i = 0; i < 100; i++) {
      now += 500;
      handle(new Error('14 UNAVAILABLE: No connection established'));
    }
    expect(lines).toHaveLength(1);
    now = 61_000;
    handle(new Error('14 UNAVAILABLE: No connection established'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('14 UNAVAILABLE');
    expect(lines[1]).toContain('(100 similar errors since the last report)');
  });

  it('says how many spans failed to export, not that spans are dropped whatever failed', () => {
    const lines: string[] = [];
    let failed = 0;
    const handle = throttledErrorHandler((m) => lines.push(m), { now: () => 0, spansFailed: () => failed });
    handle(new Error('metrics export failed (OTLPExporterError: Not Found)'));
    expect(lines[0]).toContain('; 0 spans failed to export so far');
    failed = 7;
    lines.length = 0;
    const later = throttledErrorHandler((m) => lines.push(m), { now: () => 0, spansFailed: () => failed });
    later(new Error('14 UNAVAILABLE'));
    expect(lines[0]).toContain('; 7 spans failed to export so far and were dropped');
  });
});

describe('throttledErrorHandler over a long outage', () => {
  const unavailable = new Error('14 UNAVAILABLE: No connection established');

  it('doubles the wait between reports while the errors go on, up to the maximum', () => {
    const reportedAt: number[] = [];
    let now = 0;
    const handle = throttledErrorHandler(() => reportedAt.push(now), { now: () => now, maxIntervalMs: 240_000 });
    // An export fails every 5 s for 15 minutes (a first Jaeger build).
    for (; now <= 15 * 60_000; now += 5_000) handle(unavailable);
    expect(reportedAt).toEqual([0, 60_000, 180_000, 420_000, 660_000, 900_000]);
  });

  it('reports at once, with the short wait again, after a whole wait without errors', () => {
    const lines: string[] = [];
    let now = 0;
    const handle = throttledErrorHandler((m) => lines.push(m), { now: () => now });
    for (; now <= 200_000; now += 5_000) handle(unavailable);
    expect(lines.at(-1)).toContain('Next report in 240s');
    now += 300_000; // the collector came back for five minutes
    handle(unavailable);
    expect(lines.at(-1)).toContain('Next report in 60s');
  });
});
