import { trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing } from './start-tracing';
import { Traced } from './traced.decorator';

class Kitchen {
  @Traced('cook-order')
  async cook(): Promise<boolean> {
    return trace.getActiveSpan()?.isRecording() ?? false;
  }
}

// A module registry of its own (one startTracing per file): the sampler the README names as the lever on cost.
describe('startTracing with OTEL_TRACES_SAMPLER=traceidratio at 0', () => {
  const exported: ReadableSpan[] = [];
  process.env.OTEL_TRACES_SAMPLER = 'traceidratio';
  process.env.OTEL_TRACES_SAMPLER_ARG = '0';
  const handle = startTracing({
    serviceName: 'kitchen-service',
    exporter: {
      export: (spans, done) => (exported.push(...spans), done({ code: ExportResultCode.SUCCESS })),
      shutdown: async () => undefined,
    },
  });
  afterAll(async () => {
    delete process.env.OTEL_TRACES_SAMPLER;
    delete process.env.OTEL_TRACES_SAMPLER_ARG;
    await handle.shutdown();
  });

  it('records nothing for a span not sampled: no attributes kept, nothing queued or exported', async () => {
    expect(await new Kitchen().cook()).toBe(false);
    await handle.forceFlush();
    expect(exported).toEqual([]);
    expect(handle.spanCounts()).toMatchObject({ ended: 0, exported: 0 });
  });
});
