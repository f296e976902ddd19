import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

// Keeps the benchmark harness working: a small run, checked for results, not for speed.
describe('benchmark harness (small run)', () => {
  it('runs A, B, C and D side by side and writes their figures', () => {
    const out = join(root, 'tmp', 'bench', 'e2e-small.json');
    const run = spawnSync(process.execPath, [join(root, 'tools', 'bench', 'bench.js'), '--quick', '--orders', '100', '--rate', '20', '--seconds', '2', '--out', out], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect([run.status, run.stderr.split('\n').filter((l) => /error/i.test(l))]).toEqual([0, []]);
    expect(run.stdout).toMatch(/throughput A\/B [\d.]+ {3}A\/C [\d.]+/);
    expect(run.stdout).toMatch(/delivery modes: exactly-once \(A\) over at-least-once \(D\): throughput [\d.]+ {3}p99 [\d.]+/);
    expect(run.stdout).toMatch(/per round, orders\/s \(p99 ms\): A \d+ \(\d+\) {3}B \d+ \(\d+\) {3}C \d+ \(\d+\) {3}D \d+ \(\d+\)/);

    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.runs.map((r: { config: string }) => r.config)).toEqual(['A', 'B', 'C', 'D']);
    for (const name of ['A', 'B', 'C', 'D']) {
      const c = result.summary.configs[name];
      expect(c.ordersPerSecond).toBeGreaterThan(0);
      expect(c.p50).toBeGreaterThan(0);
      expect(c.p99).toBeGreaterThanOrEqual(c.p50);
      // One round: its figures are the medians.
      expect(c.rounds).toEqual({ ordersPerSecond: [c.ordersPerSecond], p99: [c.p99] });
    }
    expect(Object.keys(result.summary.configs.A.startupMs).sort()).toEqual(['direct-kitchen-ordering', 'kitchen-service', 'onsite-ordering', 'order-validation', 'website-ordering']);
    expect(result.summary.configs.A.spanCompleteness).toBeGreaterThan(0);
  });
});
