import { UsageError, parseBenchOptions } from './options';

describe('parseBenchOptions', () => {
  it('runs five rounds by default and one with --quick', () => {
    expect(parseBenchOptions([], '/r')).toMatchObject({
      rounds: 5,
      burstOrders: 2000,
      pacedRate: 200,
      pacedSeconds: 6,
      overloadSeconds: 5,
      out: '/r/tmp/bench/results.json',
      jaegerStorage: 'memory',
    });
    expect(parseBenchOptions(['--jaeger-storage', 'badger'], '/r').jaegerStorage).toBe('badger');
    expect(parseBenchOptions(['--quick', '--orders', '100'], '/r')).toMatchObject({
      rounds: 1,
      burstOrders: 100,
      pacedRate: 50,
      overloadSeconds: 2,
      out: '/r/tmp/bench/results-quick.json',
    });
    expect(parseBenchOptions(['--overload-seconds', '3'], '/r')).toMatchObject({ overloadSeconds: 3 });
  });

  it('takes --name value and --name=value alike', () => {
    expect(parseBenchOptions(['--rounds=7', '--rate', '100'], '/r')).toMatchObject({ rounds: 7, pacedRate: 100 });
  });

  it('takes the configurations to measure and a candidate change to measure beside A', () => {
    expect(
      parseBenchOptions(
        ['--configs', 'A,B', '--try', 'OTEL_BSP_MAX_QUEUE_SIZE=16384,OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf'],
        '/r',
      ),
    ).toMatchObject({
      configs: ['A', 'B'],
      candidateEnv: { OTEL_BSP_MAX_QUEUE_SIZE: '16384', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' },
    });
    expect(parseBenchOptions([], '/r').candidateEnv).toBeUndefined();
  });

  it.each([
    [['--configs', 'A,Z'], /--configs takes names among A,B,C,D \(got "A,Z"\)/],
    [['--try', 'lower=1'], /--try takes KEY=VALUE pairs/],
    [['--jaeger-storage', 'Badger'], /--jaeger-storage takes badger or memory \(got "Badger"\)/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--rounds'], /argument missing/],
    [['--rounds', '0'], /--rounds must be a whole number above 0 \(got "0"\)/],
    [['--rate', '1.5'], /--rate must be a whole number above 0/],
    [['extra'], /positional argument/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseBenchOptions(argv, '/r')).toThrow(UsageError);
    expect(() => parseBenchOptions(argv, '/r')).toThrow(message);
  });
});
