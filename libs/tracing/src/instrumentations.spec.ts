import type { Instrumentation } from '@opentelemetry/instrumentation';
import { autoInstrumentations } from './instrumentations';

/** The instrumentations' package names, sorted; each is disabled again (constructing one patches its module). */
function names(list: Instrumentation[]): string[] {
  list.forEach((i) => i.disable());
  return list.map((i) => i.instrumentationName.replace('@opentelemetry/instrumentation-', '')).sort();
}

describe('autoInstrumentations', () => {
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

  it('makes the ones a service uses without loading auto-instrumentations-node, which loads some 40 at once', () => {
    const loads: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/auto-instrumentations-node', () => {
        loads.push('auto-instrumentations-node');
        return jest.requireActual('@opentelemetry/auto-instrumentations-node');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('./instrumentations') as typeof import('./instrumentations');
      expect(names(isolated.autoInstrumentations({ kafkajs: true, nestjsCore: true }, false, {}))).toEqual([
        'express',
        'http',
        'kafkajs',
        'nestjs-core',
        'pino',
      ]);
      expect(loads).toEqual([]);
      // A name of the package's own list is the package's to make.
      names(isolated.autoInstrumentations({}, true, { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,dns' }));
      expect(loads).toEqual(['auto-instrumentations-node']);
    });
  });
});
