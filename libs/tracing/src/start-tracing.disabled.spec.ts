import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing } from './start-tracing';

describe('startTracing with OTEL_SDK_DISABLED=true', () => {
  it('registers nothing: spans are no-ops and nothing is exported', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    const exporter = new InMemorySpanExporter();
    const handle = startTracing({ serviceName: 'kitchen-service', exporter });
    const span = trace.getTracer('t').startSpan('ignored');
    span.end();
    await handle.shutdown();
    expect(handle.enabled).toBe(false);
    expect(span.isRecording()).toBe(false);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    delete process.env.OTEL_SDK_DISABLED;
  });
});
