import { metrics, type MeterProvider } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { startTracing } from './start-tracing';

// One startTracing per file (a module registry of its own): OTEL_METRICS_EXPORTER unset.
describe('startTracing, with no metrics exporter named', () => {
  const saved = process.env.OTEL_METRICS_EXPORTER;
  delete process.env.OTEL_METRICS_EXPORTER;
  const handle = startTracing({
    serviceName: 'signals',
    exporter: { export: (_, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => undefined },
  });
  afterAll(async () => {
    if (saved !== undefined) process.env.OTEL_METRICS_EXPORTER = saved;
    metrics.disable();
    await handle.shutdown();
  });

  it('registers no meter provider, so nothing sends metrics to a backend that takes traces only', () => {
    // The API takes a global provider only once: it is free, so the SDK registered none.
    expect(metrics.setGlobalMeterProvider({ getMeter: () => metrics.getMeter('x') } as MeterProvider)).toBe(true);
  });
});
