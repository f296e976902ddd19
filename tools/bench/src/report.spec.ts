import { configurationsFor } from './configurations';
import { renderTable, summarize } from './report';
import type { RoundResult } from './types';

const latency = (p50: number) => ({ count: 1, p50, p95: p50, p99: p50 * 2, max: p50 * 2, mean: p50 });

/** A round's result with the figures the summary reads; the rest as a round of that configuration has them. */
function round(
  config: string,
  ordersPerSecond: number,
  cpuMsPerOrder: number,
  p50 = 10,
  overloadPerSecond?: number,
): RoundResult {
  return {
    ...(overloadPerSecond
      ? { overload: { rate: 800, seconds: 5, orders: 4000, writeRate: 799, ordersPerSecond: overloadPerSecond } }
      : {}),
    config,
    round: 1,
    wallSeconds: 1,
    throughput: {
      orders: 100,
      seconds: 100 / ordersPerSecond,
      ordersPerSecond,
      cpuMsPerOrder,
      idleCpuMsPerSecond: 5,
      collectorCpuMsPerOrder: null,
    },
    kafka: { rate: 50, seconds: 1, orders: 50, achievedRate: 50, latencyMs: latency(p50) },
    startupMs: { 'order-validation': 900, 'kitchen-service': 1000 + 100 * cpuMsPerOrder },
    startupAloneMs: 600 + 10 * cpuMsPerOrder,
    rssMb: { 'order-validation': 120 },
  };
}

describe('summarize', () => {
  const configurations = configurationsFor(['A', 'B'], { OTEL_BSP_MAX_QUEUE_SIZE: '16384' });
  const runs = [
    round('A', 400, 2.0, 12),
    round('B', 500, 1.5, 10),
    round('A+', 440, 1.8, 11),
    round('A', 420, 2.2, 14),
    round('B', 520, 1.7, 10),
    round('A+', 460, 1.9, 13),
  ];
  const summary = summarize(configurations, runs, 'memory');

  it('sets the candidate (--try) against A and B, from the medians of the same rounds', () => {
    expect(Object.keys(summary.configs)).toEqual(['A', 'B', 'A+']);
    expect(summary.candidateEnv).toEqual({ OTEL_BSP_MAX_QUEUE_SIZE: '16384' });
    expect(summary.ratios.throughputCandidateOverA).toBeCloseTo(450 / 410, 6);
    expect(summary.ratios.throughputCandidateOverB).toBeCloseTo(450 / 510, 6);
    expect(summary.ratios.cpuMsPerOrderCandidateMinusA).toBeCloseTo(1.85 - 2.1, 6);
    expect(summary.ratios.kafkaP50CandidateMinusAms).toBeCloseTo(12 - 13, 6);
  });

  it('leaves a ratio whose configuration was not measured as NaN, and the table shows "-"', () => {
    expect(summary.ratios.throughputAoverC).toBeNaN();
    expect(summary.ratios.throughputAoverB).toBeCloseTo(410 / 510, 6);
    const table = renderTable(summary, { pacedRate: 50, rounds: 2 });
    expect(table).toContain('throughput A/C -');
    expect(table).toContain('candidate A+ (OTEL_BSP_MAX_QUEUE_SIZE=16384): throughput A+/A 1.098');
  });

  it("sets A/B under overload beside the burst's A/B, and shows the rate offered", () => {
    const overloaded = summarize(
      configurationsFor(['A', 'B', 'C'], undefined),
      [round('A', 400, 2, 10, 300), round('B', 800, 1, 10, 750), round('C', 3000, 0.3)],
      'memory',
    );
    expect(overloaded.ratios.overloadThroughputAoverB).toBeCloseTo(0.4, 6);
    expect(overloaded.ratios.overloadAoverBOverBurstAoverB).toBeCloseTo(0.4 / 0.5, 6);
    expect(overloaded.configs.C.overload).toBeUndefined();
    expect(renderTable(overloaded, { pacedRate: 50, rounds: 1 })).toContain(
      "overload, twice A's burst rate offered (800 (800-800) orders/s): A 300 (300-300) orders/s   B 750 (750-750) orders/s   A/B 0.400, 0.800 of the burst's A/B",
    );
  });

  it('names the storage on every result line, and gives start-up and the store capacity a line each', () => {
    const table = renderTable(
      {
        ...summary,
        storeCapacity: {
          storage: 'badger',
          spans: 13000,
          seconds: 2,
          spansPerSecond: 6500,
          cpuUsPerSpan: 41.25,
          completeness: 1,
        },
      },
      { pacedRate: 50, rounds: 2 },
    );
    const rows = table.split('\n').filter((l) => /^(A|B|A\+) /.test(l));
    expect(rows).toHaveLength(3); // a row per configuration (these rounds had no HTTP phase)
    for (const row of rows) expect(row).toContain('[memory]');
    // The slowest of each round's five (1000 + 100 x CPU), and the one alone: medians of two rounds.
    expect(table).toContain(
      'start-up to healthy, ms: the slowest of all starting at once A 1210 (1200-1220)   B 1160 (1150-1170)   A+ 1185 (1180-1190)   order-validation alone A 621 (620-622)',
    );
    expect(table).toContain(
      'trace store capacity (Jaeger with badger alone, OTLP gRPC): 6500 spans/s stored   Jaeger CPU 41.3 us/span   (13000 spans in 2.0 s; sampled traces whole 1.000)',
    );
  });

  it('sums the spans phase by phase over the rounds, drops included', () => {
    const phases = (dropped: number) => ({
      burst: { ended: 1000, exported: 990, dropped },
      overload: { ended: 500, exported: 400, dropped: 2 * dropped },
    });
    const traced = summarize(
      configurationsFor(['A'], undefined),
      [
        { ...round('A', 400, 2), spanPhases: phases(0) },
        { ...round('A', 420, 2), spanPhases: phases(5) },
      ],
      'badger',
    );
    expect(renderTable(traced, { pacedRate: 50, rounds: 2 })).toContain(
      'spans by phase, all rounds, ended / exported / dropped by a full queue (A): burst 2000 / 1980 / 5   overload 1000 / 800 / 10',
    );
  });
});
