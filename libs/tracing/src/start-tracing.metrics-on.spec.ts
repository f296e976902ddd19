import { metrics, type MeterProvider } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { startTracing } from './start-tracing';

// One startTracing per file (a module registry of its own): metrics asked for.
describe('startTracing, with OTEL_METRICS_EXPORTER=console', () => {
  const saved = process.env.OTEL_METRICS_EXPORTER;
  process.env.OTEL_METRICS_EXPORTER = 'console';
  const handle = startTracing({
    serviceName: 'signals',
    exporter: { export: (_, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => undefined },
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.OTEL_METRICS_EXPORTER;
    else process.env.OTEL_METRICS_EXPORTER = saved;
    await handle.shutdown();
    metrics.disable();
  });

  it('registers the meter provider the variable asks for', () => {
    expect(metrics.setGlobalMeterProvider({ getMeter: () => metrics.getMeter('x') } as MeterProvider)).toBe(false);
  });
});
