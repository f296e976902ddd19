import { trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing } from './start-tracing';

// A module registry of its own (one startTracing per file): service.name from OTEL_RESOURCE_ATTRIBUTES alone.
describe('startTracing with service.name only in OTEL_RESOURCE_ATTRIBUTES', () => {
  const exported: ReadableSpan[] = [];
  process.env.OTEL_RESOURCE_ATTRIBUTES = 'service.name=from-attributes,service.version=9.9.9';
  const handle = startTracing({
    serviceName: 'kitchen-service',
    serviceVersion: '1.2.3',
    exporter: {
      export: (spans, done) => (exported.push(...spans), done({ code: ExportResultCode.SUCCESS })),
      shutdown: async () => undefined,
    },
  });
  afterAll(async () => {
    delete process.env.OTEL_RESOURCE_ATTRIBUTES;
    await handle.shutdown();
  });

  it('names the service and its version as the variable says, over the code', async () => {
    trace.getTracer('t').startSpan('probe').end();
    await handle.forceFlush();
    expect(handle.serviceName).toBe('from-attributes');
    expect(exported[0].resource.attributes['service.name']).toBe('from-attributes');
    expect(exported[0].resource.attributes['service.version']).toBe('9.9.9');
  });
});
