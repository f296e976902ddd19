import { UsageError } from '../options';
import { parseScalingOptions } from './options';
import { renderScalingTable, summarizeScaling } from './report';
import type { ScalingRun } from './types';

const run = (round: number, instances: number, ordersPerSecond: number, partitions = 3): ScalingRun => ({
  partitions,
  delays: 'default',
  instances,
  round,
  orders: 100,
  seconds: 100 / ordersPerSecond,
  ordersPerSecond,
  serviceCores: instances / 10,
  brokerCores: 0.2,
});

describe('summarizeScaling', () => {
  it('takes the middle round of each case, and the median of the ratios to one instance taken round by round', () => {
    // Round 2 is slow for both counts (a noisy neighbour): the ratio of the same round stays 2.
    const runs = [run(1, 1, 10), run(1, 2, 20), run(2, 1, 5), run(2, 2, 10), run(3, 1, 12), run(3, 2, 24)];
    const [one, two] = summarizeScaling(runs);
    expect(one.ordersPerSecond).toEqual({ median: 10, min: 5, max: 12 });
    expect(two.ordersPerSecond).toEqual({ median: 20, min: 10, max: 24 });
    expect(one.speedup).toBe(1);
    expect(two.speedup).toBe(2);
    expect(two.serviceCores).toBeCloseTo(0.2);
  });

  it('compares within one partition count only', () => {
    const rows = summarizeScaling([run(1, 1, 10, 3), run(1, 2, 10, 3), run(1, 1, 10, 6), run(1, 2, 20, 6)]);
    expect(rows.map((r) => [r.partitions, r.instances, r.speedup])).toEqual([
      [3, 1, 1],
      [3, 2, 1],
      [6, 1, 1],
      [6, 2, 2],
    ]);
  });

  it('renders one table line per case', () => {
    const table = renderScalingTable(summarizeScaling([run(1, 1, 8.84), run(1, 2, 17.5)]));
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| 3 | default | 2 | 17.5 (17.5-17.5) | 1.98x | 0.20 | 0.20 |');
  });
});

describe('parseScalingOptions', () => {
  it('has defaults for a full run and a quick one', () => {
    expect(parseScalingOptions([], '/r')).toMatchObject({
      rounds: 3,
      partitions: [3, 6],
      instances: [1, 2, 3],
      delays: ['default', 'zero'],
      out: '/r/tmp/bench/scaling.json',
    });
    expect(parseScalingOptions(['--quick'], '/r')).toMatchObject({ rounds: 1, partitions: [3], instances: [1, 2] });
  });

  it('refuses what it does not know, saying what is wrong', () => {
    expect(() => parseScalingOptions(['--instances', '1,0'], '/r')).toThrow(
      '--instances must be a whole number above 0',
    );
    expect(() => parseScalingOptions(['--delays', 'slow'], '/r')).toThrow('--delays takes default, zero or both');
    expect(() => parseScalingOptions(['--brokers', '3'], '/r')).toThrow(UsageError);
  });
});
