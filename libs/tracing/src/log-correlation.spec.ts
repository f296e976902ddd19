import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { useInMemoryTracing } from './testing/in-memory-tracing';

useInMemoryTracing();

describe('log correlation (the pino instrumentation as startTracing configures it)', () => {
  // jest's module registry hides pino from the require hook; apply the instrumentation's patch directly.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pinoModule = require('pino');
  const pino = new PinoInstrumentation({ disableLogSending: true }).getModuleDefinitions()[0].patch!(
    pinoModule,
    '10.4.0',
  );

  it('adds trace_id, span_id and trace_flags to lines logged while a span is active', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(JSON.parse(chunk.toString())), cb()) });
    const logger = pino(sink);
    const span = trace.getTracer('t').startSpan('place-order');
    trace.getTracer('t').startActiveSpan('place-order', (active) => {
      logger.info({ orderId: 'o-1' }, 'placing order');
      active.end();
    });
    logger.info('outside any span');
    span.end();

    expect(lines[0]).toMatchObject({
      orderId: 'o-1',
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      trace_flags: '01',
    });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
