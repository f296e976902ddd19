import { existsSync } from 'node:fs';
import { jaegerLaunches } from './jaeger';

const jaegerLaunch = (env: NodeJS.ProcessEnv) => jaegerLaunches(env)[0];
import * as paths from './paths';

describe('jaegerLaunches', () => {
  it('merges the Badger storage part and the metrics parts over config.yaml by default, Badger under .stack/jaeger/badger', () => {
    const { args, env } = jaegerLaunch({});
    expect(args).toEqual([
      ...['--config', paths.jaegerConfig, '--config', paths.jaegerStorageConfig('badger')],
      ...['--config', paths.jaegerSpanmetricsConfig, '--config', paths.jaegerMetricsQueryConfig],
    ]);
    expect(env.PROMETHEUS_URL).toBe('http://127.0.0.1:9090');
    expect(env.JAEGER_BADGER_DIR).toBe(paths.jaegerBadgerDir);
    for (const file of [
      paths.jaegerConfig,
      paths.jaegerStorageConfig('badger'),
      paths.jaegerStorageConfig('memory'),
      paths.jaegerSpanmetricsConfig,
      paths.jaegerMetricsQueryConfig,
    ])
      expect(existsSync(file)).toBe(true);
  });

  it('leaves the metrics parts out with ITUNA_METRICS=off, and refuses another value', () => {
    expect(jaegerLaunch({ ITUNA_METRICS: 'Off' }).args).toEqual([
      ...['--config', paths.jaegerConfig, '--config', paths.jaegerStorageConfig('badger')],
    ]);
    expect(jaegerLaunch({ PROMETHEUS_URL: 'http://metrics:9090/' }).env.PROMETHEUS_URL).toBe('http://metrics:9090');
    expect(() => jaegerLaunch({ ITUNA_METRICS: 'statsd' })).toThrow(
      'ITUNA_METRICS must be prometheus or off; got "statsd"',
    );
  });

  it("takes JAEGER_STORAGE=memory in any case, and the user's JAEGER_BADGER_DIR", () => {
    expect(jaegerLaunch({ JAEGER_STORAGE: ' Memory ' }).args).toContain(paths.jaegerStorageConfig('memory'));
    expect(jaegerLaunch({ JAEGER_BADGER_DIR: '/data/traces' }).env.JAEGER_BADGER_DIR).toBe('/data/traces');
  });

  it("serves Jaeger's UI from JAEGER_UI_ASSETS where the query API runs (the single process, or the ingester)", () => {
    expect(jaegerLaunch({}).args).not.toContain(paths.jaegerUiAssetsConfig);
    expect(jaegerLaunch({ JAEGER_UI_ASSETS: '/opt/jaeger-ui' }).args).toContain(paths.jaegerUiAssetsConfig);
    const [collector, ingester] = jaegerLaunches({ JAEGER_UI_ASSETS: '/opt/jaeger-ui', JAEGER_PIPELINE: 'kafka' });
    expect([
      collector.args.includes(paths.jaegerUiAssetsConfig),
      ingester.args.includes(paths.jaegerUiAssetsConfig),
    ]).toEqual([false, true]);
    expect(existsSync(paths.jaegerUiAssetsConfig)).toBe(true);
  });

  it('refuses another storage, naming the variable and its value', () => {
    expect(() => jaegerLaunch({ JAEGER_STORAGE: 'cassandra' })).toThrow(
      'JAEGER_STORAGE must be badger or memory; got "cassandra"',
    );
  });

  it('adds the tail sampler below 100 percent, with its settings as checked', () => {
    expect(jaegerLaunch({}).args).not.toContain(paths.jaegerSamplingConfig);
    expect(jaegerLaunch({ ITUNA_TRACE_SAMPLE_PERCENT: '100' }).args).not.toContain(paths.jaegerSamplingConfig);
    const { args, env } = jaegerLaunch({ ITUNA_TRACE_SAMPLE_PERCENT: ' 10 ', ITUNA_TRACE_SLOW_MS: '1500' });
    // After the storage: the sampler sets only the traces pipeline's processors.
    expect(args.indexOf(paths.jaegerSamplingConfig)).toBe(args.indexOf(paths.jaegerStorageConfig('badger')) + 2);
    expect(existsSync(paths.jaegerSamplingConfig)).toBe(true);
    expect([env.ITUNA_TRACE_SAMPLE_PERCENT, env.ITUNA_TRACE_SLOW_MS, env.ITUNA_TRACE_DECISION_WAIT]).toEqual([
      '10',
      '1500',
      '10s',
    ]);
  });

  it('refuses a sampling setting that is not one, naming the variable and its value', () => {
    expect(() => jaegerLaunch({ ITUNA_TRACE_SAMPLE_PERCENT: '150' })).toThrow(
      'ITUNA_TRACE_SAMPLE_PERCENT must be a number from 0 to 100; got "150"',
    );
    expect(() => jaegerLaunch({ ITUNA_TRACE_SAMPLE_PERCENT: '10%' })).toThrow('ITUNA_TRACE_SAMPLE_PERCENT');
    expect(() => jaegerLaunch({ ITUNA_TRACE_SLOW_MS: '2s' })).toThrow('ITUNA_TRACE_SLOW_MS');
    expect(() => jaegerLaunch({ ITUNA_TRACE_DECISION_WAIT: '10' })).toThrow('ITUNA_TRACE_DECISION_WAIT');
  });

  it('runs a collector and an ingester with JAEGER_PIPELINE=kafka: the sampler at the collector, the storage at the ingester', () => {
    const launches = jaegerLaunches({ JAEGER_PIPELINE: 'Kafka', ITUNA_TRACE_SAMPLE_PERCENT: '5' }, [
      '127.0.0.1:9092',
      '127.0.0.1:9094',
    ]);
    // The spanmetrics where every span comes in (before sampling thins them), the metrics API beside the query.
    expect(launches.map((l) => [l.role, l.args])).toEqual([
      [
        'collector',
        [
          ...['--config', paths.jaegerCollectorConfig, '--config', paths.jaegerSamplingConfig],
          ...['--config', paths.jaegerSpanmetricsConfig],
        ],
      ],
      [
        'ingester',
        [
          ...['--config', paths.jaegerIngesterConfig, '--config', paths.jaegerStorageConfig('badger')],
          ...['--config', paths.jaegerMetricsQueryConfig],
        ],
      ],
    ]);
    expect(launches[0].env.JAEGER_KAFKA_BROKERS).toBe('[127.0.0.1:9092,127.0.0.1:9094]');
    for (const file of [paths.jaegerCollectorConfig, paths.jaegerIngesterConfig]) expect(existsSync(file)).toBe(true);
    expect(() => jaegerLaunches({ JAEGER_PIPELINE: 'queue' })).toThrow(
      'JAEGER_PIPELINE must be single or kafka; got "queue"',
    );
  });
});
