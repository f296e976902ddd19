// eslint-disable-next-line @typescript-eslint/no-require-imports
import Module = require('node:module');
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

  it('patches nothing: no instrumentation hooks require(), so a disabled SDK costs no CPU per require', () => {
    // The first test started (and kept) the disabled handle; a second call returns it.
    expect(Module.prototype.require).toBe(originalRequire);
  });
});

const originalRequire = Module.prototype.require;
