import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS } from '@ituna/contracts';
import { retryWhileRetriable } from '@ituna/kafka';
import { jaegerQueryUrl } from '../support/jaeger';
import { kafka } from '@ituna/testbed';

const root = join(__dirname, '..', '..', '..', '..');

/** The stack broker's topics, their end offsets and its consumer groups: what the bench must leave alone. */
async function brokerState() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
    const ends = await Promise.all(
      ALL_TOPICS.filter((t) => topics.includes(t)).map(async (t) => [
        t,
        (await admin.fetchTopicOffsets(t)).map((p) => p.high),
      ]),
    );
    // A broker just started may still be loading its group coordinator: retriable.
    const groups = (await retryWhileRetriable(() => admin.listGroups())).groups
      .map((g) => g.groupId)
      .filter((g) => !g.startsWith('ituna-e2e'))
      .sort();
    return { topics, ends: Object.fromEntries(ends), groups };
  } finally {
    await admin.disconnect();
  }
}

// Keeps the benchmark harness working: a small run, checked for results, not for speed.
describe('benchmark harness (small run)', () => {
  it('measures A, B, C and D side by side on a broker of its own, leaving the stack broker as it was', async () => {
    const before = await brokerState();
    const out = join(root, 'tmp', 'bench', 'e2e-small.json');
    const run = spawnSync(
      'npm',
      ['run', '--silent', 'bench', '--', '--quick', '--orders', '100', '--rate', '20', '--seconds', '2', '--out', out],
      { cwd: root, encoding: 'utf8', timeout: 300_000 },
    );
    expect([run.status, run.stderr.split('\n').filter((l) => /error/i.test(l))]).toEqual([0, []]);
    expect(run.stdout).toMatch(/tracing: throughput A\/B [\d.]+ {3}service CPU per order A-B -?[\d.]+ ms/);
    expect(run.stdout).toMatch(/NestJS: throughput A\/C [\d.]+ {3}service CPU per order B\/C [\d.]+/);
    expect(run.stdout).toMatch(
      /overload, twice A's burst rate offered \(\d+ \(\d+-\d+\) orders\/s\): A \d+ \(\d+-\d+\) orders\/s {3}B \d+ \(\d+-\d+\) orders\/s {3}A\/B [\d.]+, [\d.]+ of the burst's A\/B/,
    );
    expect(run.stdout).toMatch(/delivery modes: exactly-once \(A\) over at-least-once \(D\): throughput [\d.]+/);
    expect(run.stdout).toMatch(/span completeness \(A, lowest round\): burst [\d.]+ {3}paced [\d.]+ {3}HTTP [\d.]+/);
    expect(run.stdout).toMatch(
      /spans never exported \(a full queue or a failed export\), all rounds: A \d+ of \d+ {3}D \d+ of \d+/,
    );

    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.runs.map((r: { config: string }) => r.config)).toEqual(['A', 'B', 'C', 'D']);
    for (const name of ['A', 'B', 'C', 'D']) {
      const c = result.summary.configs[name];
      // One round: its figures are the median, the lowest and the highest at once.
      expect(c.ordersPerSecond.median).toBeGreaterThan(0);
      expect(c.ordersPerSecond).toEqual({
        median: c.ordersPerSecond.median,
        min: c.ordersPerSecond.median,
        max: c.ordersPerSecond.median,
      });
      expect(c.kafkaP50.median).toBeGreaterThan(0);
      expect(c.kafkaP99.median).toBeGreaterThanOrEqual(c.kafkaP50.median);
      expect(c.cpuMsPerOrder.median).toBeGreaterThan(0);
    }
    for (const name of ['A', 'B']) {
      const h = result.summary.configs[name].http;
      expect(h.readyP50.median).toBeGreaterThan(h.acceptedP50.median);
      expect(h.failed).toBe(0);
    }
    // The HTTP scenario is tracing's cost at the edge: A and B; C has no edge, D differs in the consuming hops only.
    expect([result.summary.configs.C.http, result.summary.configs.D.http]).toEqual([undefined, undefined]);
    // A and B were offered the same rate under overload, twice what A reached in the burst; C and D are not overloaded.
    const [a, b] = ['A', 'B'].map((name) => result.runs.find((r: { config: string }) => r.config === name).overload);
    expect(b.rate).toBe(a.rate);
    expect(a.rate).toBeCloseTo(2 * result.runs[0].throughput.ordersPerSecond, 6);
    for (const o of [a, b]) expect(o.ordersPerSecond).toBeGreaterThan(0);
    expect(result.summary.configs.C.overload).toBeUndefined();
    expect(result.summary.configs.D.overload).toBeUndefined();
    for (const phase of ['burst', 'paced', 'http']) {
      const completeness = result.summary.configs.A.spanCompleteness[phase];
      expect(completeness).toBeGreaterThan(0);
      expect(completeness).toBeLessThanOrEqual(1);
    }
    // Every span a traced service ended is counted, exported or not: hundreds of orders, 11 and more spans each.
    expect(result.summary.configs.A.spansEnded).toBeGreaterThan(1000);
    expect(Object.keys(result.summary.configs.A.startupMs).sort()).toEqual([
      'direct-kitchen-ordering',
      'kitchen-service',
      'onsite-ordering',
      'order-validation',
      'website-ordering',
    ]);

    // The rounds wrote hundreds of orders and moved groups about, all on the bench's own broker.
    expect(await brokerState()).toEqual(before);
  }, 330_000);
});

// The per-span figures of each tracing layer, the last one exporting to the stack's Jaeger as the services do.
describe('span cost harness (small run)', () => {
  it('measures every layer on the same orders, each span of the exporting layers reaching its exporter', async () => {
    const out = join(root, 'tmp', 'bench', 'e2e-span-cost.json');
    const run = spawnSync('npm', ['run', '--silent', 'bench:spans', '--', '--quick', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect([run.status, run.stderr.split('\n').filter((l) => /error/i.test(l))]).toEqual([0, []]);
    // Nx may prefix each line with the project's name: the row is matched wherever it starts.
    expect(run.stdout).toMatch(
      /exported +\+ OTLP gRPC.*\s[\d.]+ \([\d.]+-[\d.]+\)\s+-?[\d.]+ \(.*\)\s+-?[\d.]+ \(.*\)\s+[\d.]+\s*$/m,
    );

    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.runs.map((r: { layer: string }) => r.layer)).toEqual([
      'off',
      'spans',
      'batched',
      'encoded',
      'exported',
    ]);
    const spans = new Set(result.runs.map((r: { spans: number }) => r.spans));
    expect(spans.size).toBe(1);
    for (const s of result.summary) expect(s.usPerSpan.median).toBeGreaterThan(0);
    // Every span of the measured orders reached the exporter: acknowledged, or counted as a failed export.
    const exporting = result.runs.filter((r: { exported?: number }) => r.exported !== undefined);
    expect(exporting.map((r: { layer: string }) => r.layer)).toEqual(['batched', 'encoded', 'exported']);
    for (const r of exporting) expect(r.exported + r.failedExport).toBe(r.spans);
    expect(result.runs.find((r: { layer: string }) => r.layer === 'batched').exported).toBe(result.runs[0].spans);
    // Exported means accepted by the collector: Jaeger knows the bench's service (its service list
    // follows the writes by a moment with Badger storage).
    let services: string[] = [];
    for (const deadline = Date.now() + 20_000; !services.includes('ituna-span-cost') && Date.now() < deadline;) {
      services = (await (await fetch(`${jaegerQueryUrl}/api/services`)).json()).data ?? [];
      if (!services.includes('ituna-span-cost')) await new Promise((r) => setTimeout(r, 500));
    }
    expect(services).toContain('ituna-span-cost');
  }, 200_000);
});
