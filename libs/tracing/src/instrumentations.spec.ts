import type { Instrumentation } from '@opentelemetry/instrumentation';
import { autoInstrumentations } from './instrumentations';

/** The instrumentations' package names, sorted; each is disabled again (constructing one patches its module). */
function names(list: Instrumentation[]): string[] {
  list.forEach((i) => i.disable());
  return list.map((i) => i.instrumentationName.replace('@opentelemetry/instrumentation-', '')).sort();
}

describe('autoInstrumentations (@opentelemetry/auto-instrumentations-node, configured)', () => {
  it('enables http, express and pino by default, none of the package’s others (fs, dns, net, undici…)', () => {
    expect(names(autoInstrumentations({}, true, {}))).toEqual(['express', 'http', 'pino']);
  });

  it('follows the switches when the environment is silent', () => {
    expect(names(autoInstrumentations({ kafkajs: true, pino: false }, true, {}))).toEqual([
      'express',
      'http',
      'kafkajs',
    ]);
    expect(autoInstrumentations({ http: false, express: false, pino: false }, true, {})).toEqual([]);
  });

  it('lets OTEL_NODE_ENABLED_INSTRUMENTATIONS decide when set', () => {
    expect(names(autoInstrumentations({}, true, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,dns' }))).toEqual([
      'dns',
      'http',
    ]);
  });

  it('removes what OTEL_NODE_DISABLED_INSTRUMENTATIONS names, from either list', () => {
    expect(names(autoInstrumentations({}, true, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pino' }))).toEqual([
      'express',
      'http',
    ]);
    expect(
      names(
        autoInstrumentations({}, true, {
          OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,dns',
          OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'dns',
        }),
      ),
    ).toEqual(['http']);
  });

  it('leaves process.env as it found it', () => {
    const before = { ...process.env };
    names(autoInstrumentations({}, true, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }));
    expect(process.env).toEqual(before);
  });
});
