import { UsageError } from '../options';
import { measureLayer } from './main';
import { parseSpanCostOptions } from './options';
import { SPANS_PER_ORDER } from './order-hops';
import { renderSpanCostTable, summarizeSpanCost } from './report';
import type { SpanCostRun } from './types';

const run = (round: number, layer: SpanCostRun['layer'], cpuMs: number, exported?: number): SpanCostRun => ({
  round,
  layer,
  orders: 100,
  spans: 100 * SPANS_PER_ORDER,
  cpuMs,
  wallMs: cpuMs,
  exported,
});

describe('span cost: the summary', () => {
  // 1100 spans a run: 11 ms of CPU is 10 us a span.
  const runs = [
    run(1, 'off', 11),
    run(1, 'spans', 22),
    run(1, 'batched', 33, 1100),
    run(2, 'off', 22),
    run(2, 'spans', 44),
    run(2, 'batched', 55, 1089),
    run(3, 'off', 11),
    run(3, 'spans', 33),
    run(3, 'batched', 44, 1100),
  ];
  const [off, spans, batched] = summarizeSpanCost(runs);

  it('gives each layer its CPU per span as the median of the rounds, with the lowest and highest', () => {
    expect(off.usPerSpan).toEqual({ median: 10, min: 10, max: 20 });
    expect(spans.usPerSpan).toEqual({ median: 30, min: 20, max: 40 });
  });

  it('takes what a layer adds within each round, then the median of those differences', () => {
    // spans - off per round: 10, 20, 20; batched - spans: 10, 10, 10.
    expect(spans.addedUsPerSpan).toEqual({ median: 20, min: 10, max: 20 });
    expect(batched.addedUsPerSpan).toEqual({ median: 10, min: 10, max: 10 });
    expect(off.addedUsPerSpan).toBeUndefined();
  });

  it('puts each layer over "off" per order, and the lowest round\'s exported share', () => {
    // batched - off per round: 20, 30, 30 us a span, times 11 spans.
    expect(batched.addedMsPerOrder?.median).toBeCloseTo(0.33, 6);
    expect(batched.addedMsPerOrder?.min).toBeCloseTo(0.22, 6);
    expect(batched.exportedShare).toBeCloseTo(0.99, 6);
    expect(spans.exportedShare).toBeUndefined();
  });

  it('renders one line per layer under a header', () => {
    const lines = renderSpanCostTable([off, spans, batched]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/CPU us\/span.*added us\/span.*added ms\/order \(11 spans\).*exported/);
    expect(lines[3]).toMatch(
      /^batched .*40\.0 \(30\.0-50\.0\)\s+10\.0 \(10\.0-10\.0\)\s+0\.330 \(0\.220-0\.330\)\s+0\.990$/,
    );
  });
});

describe('span cost: the command line', () => {
  it('takes the layers and counts it is given', () => {
    const options = parseSpanCostOptions(['--rounds', '3', '--orders', '500', '--layers', 'off,encoded'], '/repo');
    expect(options).toMatchObject({
      rounds: 3,
      orders: 500,
      layers: ['off', 'encoded'],
      out: '/repo/tmp/bench/span-cost.json',
    });
  });

  it.each([[['--layer', 'off']], [['--rounds']], [['--rounds', '0']], [['--layers', 'off,fast']]])(
    'refuses %j with a usage error',
    (argv) => {
      expect(() => parseSpanCostOptions(argv, '/repo')).toThrow(UsageError);
    },
  );
});

describe('span cost: a layer measured in its own process', () => {
  // Real children, small counts: the harness works, not how fast it is. No collector needed.
  it.each(['off', 'spans', 'batched', 'encoded'] as const)(
    '%s: measures the same orders and, where there is an exporter, every span reaches it',
    async (layer) => {
      const result = await measureLayer({ orders: 40, warmUpOrders: 10 }, layer);
      expect(result).toMatchObject({ layer, orders: 40, spans: 40 * SPANS_PER_ORDER });
      expect(result.cpuMs).toBeGreaterThan(0);
      if (layer === 'batched' || layer === 'encoded') expect(result.exported).toBe(40 * SPANS_PER_ORDER);
      else expect(result.exported).toBeUndefined();
    },
    60_000,
  );
});
