import { UsageError, parseChaosOptions } from './options';

describe('parseChaosOptions', () => {
  it('runs a half with one instance, then one with two, for four minutes at 20 orders/s by default', () => {
    const options = parseChaosOptions([], '/repo');
    expect(options).toMatchObject({ minutes: 4, instances: [1, 2], rate: 20 });
    expect(Number.isInteger(options.seed)).toBe(true);
    expect(options.out(2)).toBe(`/repo/tmp/chaos/report-${options.seed}-2.json`);
  });

  it('takes the seed, the length, one half and the rate', () => {
    expect(
      parseChaosOptions(
        ['--minutes', '30', '--seed', '1234', '--instances', '2', '--rate', '10', '--out', 'r.json'],
        '/repo',
      ),
    ).toMatchObject({ minutes: 30, seed: 1234, instances: [2], rate: 10 });
  });

  it.each([
    [['--seed', '1.5'], '--seed must be a whole number'],
    [['--instances', '3'], '--instances must be 1 or 2'],
    [['--minutes', '0'], '--minutes must be a number of at least 0.5'],
    [['--speed', '2'], "Unknown option '--speed'"],
  ])('refuses %j, saying why', (argv, message) => {
    expect(() => parseChaosOptions(argv, '/repo')).toThrow(UsageError);
    expect(() => parseChaosOptions(argv, '/repo')).toThrow(message);
  });
});
