import { spread } from '../spread';
import type { ScalingCase, ScalingRow, ScalingRun } from './types';

const sameCase = (a: ScalingCase, b: ScalingCase) =>
  a.partitions === b.partitions && a.delays === b.delays && a.instances === b.instances;

/**
 * One row per case, in the order first measured: the median throughput over rounds, and the speedup
 * over the fewest instances measured in the same round and block (a ratio taken side by side, then
 * its median), with the cores the services and the broker kept busy.
 */
export function summarizeScaling(runs: readonly ScalingRun[]): ScalingRow[] {
  const cases: ScalingCase[] = [];
  for (const r of runs) if (!cases.some((c) => sameCase(c, r))) cases.push(r);
  return cases.map(({ partitions, delays, instances }) => {
    const mine = runs.filter((r) => sameCase(r, { partitions, delays, instances }));
    const fewest = Math.min(
      ...runs.filter((r) => r.partitions === partitions && r.delays === delays).map((r) => r.instances),
    );
    const ratios = mine.map((r) => {
      const base = runs.find((b) => sameCase(b, { partitions, delays, instances: fewest }) && b.round === r.round);
      return base ? r.ordersPerSecond / base.ordersPerSecond : Number.NaN;
    });
    return {
      partitions,
      delays,
      instances,
      rounds: mine.length,
      ordersPerSecond: spread(mine.map((r) => r.ordersPerSecond)),
      speedup: spread(ratios).median,
      serviceCores: spread(mine.map((r) => r.serviceCores)).median,
      brokerCores: spread(mine.map((r) => r.brokerCores)).median,
    };
  });
}

/** The README's table: one line per case. */
export function renderScalingTable(rows: readonly ScalingRow[]): string {
  const lines = [
    '| partitions | delays | instances | orders/s (median, min-max) | speedup | service cores | broker cores |',
    '|---:|---|---:|---|---:|---:|---:|',
  ];
  for (const r of rows) {
    const t = r.ordersPerSecond;
    lines.push(
      `| ${r.partitions} | ${r.delays} | ${r.instances} | ${fixed(t.median)} (${fixed(t.min)}-${fixed(t.max)}) | ${r.speedup.toFixed(2)}x | ${r.serviceCores.toFixed(2)} | ${r.brokerCores.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

const fixed = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
