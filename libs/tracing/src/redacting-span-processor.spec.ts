import { SpanKind, context } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { RedactingSpanProcessor } from './redacting-span-processor';

describe('RedactingSpanProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new RedactingSpanProcessor(new SimpleSpanProcessor({ exporter }))],
  });
  const tracer = provider.getTracer('t');

  it("exports HTTP server spans without the caller's address, port and user agent, everything else intact", () => {
    const span = tracer.startSpan(
      'POST /orders',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'client.address': '203.0.113.7',
          'network.peer.address': '203.0.113.7',
          'network.peer.port': 51234,
          'user_agent.original': 'curl/8',
          'http.route': '/orders',
        },
      },
      context.active(),
    );
    span.setAttribute('http.response.status_code', 202);
    span.end();
    const [exported] = exporter.getFinishedSpans();
    expect(exported.attributes).toEqual({ 'http.route': '/orders', 'http.response.status_code': 202 });
    expect(exported.name).toBe('POST /orders');
    expect(exported.kind).toBe(SpanKind.SERVER);
    expect(exported.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(exported.duration[0] + exported.duration[1]).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(exported.attributes)).not.toContain('203.0.113.7');
    exporter.reset();
  });

  it('passes spans without such attributes on as they are', () => {
    const span = tracer.startSpan('cook-order', { attributes: { 'ituna.order.id': 'x' } });
    span.end();
    expect(exporter.getFinishedSpans()[0]).toBe(span);
  });
});
