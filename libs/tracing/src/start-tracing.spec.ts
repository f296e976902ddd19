import { trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { attributeValueLengthLimit, startTracing } from './start-tracing';

describe('startTracing', () => {
  // Unlike InMemorySpanExporter, keeps what it got after shutdown, which is what is checked here.
  const exported: ReadableSpan[] = [];
  const exporter: SpanExporter & { getFinishedSpans(): ReadableSpan[]; reset(): void } = {
    export: (spans, done) => (exported.push(...spans), done({ code: ExportResultCode.SUCCESS })),
    shutdown: async () => undefined,
    getFinishedSpans: () => exported,
    reset: () => void exported.splice(0),
  };
  process.env.OTEL_RESOURCE_ATTRIBUTES = 'team=sushi,service.name=from-attributes,deployment.environment.name=staging';
  process.env.OTEL_SERVICE_NAME = 'from-service-name';
  // A long batch delay: spans stay queued until shutdown() flushes them.
  const handle = startTracing({
    serviceName: 'kitchen-service',
    serviceVersion: '1.2.3',
    environment: 'test',
    exporter,
    batch: { scheduledDelayMillis: 60_000 },
  });

  afterAll(() => {
    delete process.env.OTEL_RESOURCE_ATTRIBUTES;
    delete process.env.OTEL_SERVICE_NAME;
  });

  it('describes the service in the resource: OTEL_SERVICE_NAME over OTEL_RESOURCE_ATTRIBUTES over the code', () => {
    trace.getTracer('t').startSpan('probe').end();
    return handle.forceFlush().then(() => {
      const resource = exporter.getFinishedSpans()[0].resource.attributes;
      expect(resource['service.name']).toBe('from-service-name');
      expect(handle.serviceName).toBe('from-service-name');
      expect(resource['deployment.environment.name']).toBe('staging');
      // Not in the environment: the code's value stays.
      expect(resource['service.version']).toBe('1.2.3');
      expect(resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(resource['team']).toBe('sushi');
      exporter.reset();
    });
  });

  it('cuts attribute values at 1024 characters by default', async () => {
    const span = trace.getTracer('t').startSpan('long');
    span.setAttribute('echo', 'x'.repeat(5000));
    span.end();
    await handle.forceFlush();
    expect(exporter.getFinishedSpans().find((s) => s.name === 'long')!.attributes['echo']).toHaveLength(1024);
    exporter.reset();
  });

  it('returns the same handle when called twice', () => {
    expect(startTracing({ serviceName: 'other' })).toBe(handle);
    expect(handle.enabled).toBe(true);
  });

  it('flushes spans still queued on shutdown', async () => {
    trace.getTracer('t').startSpan('queued-1').end();
    trace.getTracer('t').startSpan('queued-2').end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await handle.shutdown();
    expect(
      exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['queued-1', 'queued-2']);
  });
});

describe('attributeValueLengthLimit', () => {
  it('takes OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT, then OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, then the option, then 1024', () => {
    expect(attributeValueLengthLimit({}, {})).toBe(1024);
    expect(attributeValueLengthLimit({ attributeValueLengthLimit: 256 }, {})).toBe(256);
    expect(
      attributeValueLengthLimit({ attributeValueLengthLimit: 256 }, { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '512' }),
    ).toBe(512);
    expect(
      attributeValueLengthLimit(
        {},
        { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '512', OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64' },
      ),
    ).toBe(64);
  });

  it('refuses a value that is not a whole number, naming the variable', () => {
    expect(() => attributeValueLengthLimit({}, { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'lots' })).toThrow(
      'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT must be a whole number >= 0 (got "lots")',
    );
  });
});
