import type { JaegerSpan, JaegerTrace } from './jaeger-model';
import { analyzeTrace } from './order-trace';
import { JaegerClient } from './jaeger-client';
import { QueryLimitError, collectOrders, parseDuration } from './queries';
import { renderReport, renderWaterfall } from './render-text';
import { buildReport } from './report';
import { percentile, summarize } from './stats';

/** A website order: start and duration in ms; parent by name. */
function fakeTrace(traceID: string, orderId: string, inventoryMs: number, queueMs = 3): JaegerTrace {
  const spans: JaegerSpan[] = [];
  const add = (
    name: string,
    p: string,
    start: number,
    dur: number,
    parent?: string,
    kind = 'internal',
    extra: Record<string, unknown> = {},
  ) => {
    const spanID = `${traceID.slice(0, 4)}${String(spans.length).padStart(12, '0')}`;
    const ref = parent ? spans.find((s) => s.operationName === parent)! : undefined;
    spans.push({
      traceID,
      spanID,
      operationName: name,
      processID: p,
      startTime: 1_000_000_000 + start * 1000,
      duration: dur * 1000,
      references: ref ? [{ refType: 'CHILD_OF', traceID, spanID: ref.spanID }] : [],
      tags: [
        { key: 'span.kind', value: kind },
        { key: 'ituna.order.id', value: orderId },
        ...Object.entries(extra).map(([key, value]) => ({ key, value })),
      ],
      logs: [],
    });
  };
  add('place-order', 'p1', 0, 12, undefined, 'internal', { 'ituna.order.channel': 'website' });
  add('send ituna-orders', 'p1', 10, 2, 'place-order', 'producer', { 'messaging.destination.name': 'ituna-orders' });
  const c = 12 + queueMs;
  add('process ituna-orders', 'p2', c, 10 + inventoryMs, 'send ituna-orders', 'consumer', {
    'messaging.destination.name': 'ituna-orders',
  });
  add('validate-order', 'p2', c + 1, 5 + inventoryMs, 'process ituna-orders');
  add('validate-inventory', 'p2', c + 2, inventoryMs, 'validate-order');
  add('send kitchen-orders', 'p2', c + 8 + inventoryMs, 2, 'process ituna-orders', 'producer');
  add('send orders-ready', 'p2', c + 10 + inventoryMs, 0, 'process ituna-orders', 'producer');
  return {
    traceID,
    spans,
    processes: { p1: { serviceName: 'website-ordering' }, p2: { serviceName: 'order-validation' } },
  };
}

describe('analyzeTrace', () => {
  const order = analyzeTrace(fakeTrace('a'.repeat(32), 'order-1', 100));

  it('lays the spans out in start order with depth, offsets and self time', () => {
    expect(order.rows.map((r) => `${'-'.repeat(r.depth)}${r.name}`)).toEqual([
      'place-order',
      '-send ituna-orders',
      '--process ituna-orders',
      '---validate-order',
      '----validate-inventory',
      '---send kitchen-orders',
      '---send orders-ready',
    ]);
    const validate = order.rows.find((r) => r.name === 'validate-order')!;
    expect(validate.durationMs).toBe(105);
    expect(validate.selfMs).toBe(5);
    expect(order.rows.find((r) => r.name === 'place-order')!.selfMs).toBe(10);
  });

  it('measures the wait in Kafka from producer end to consumer start', () => {
    expect(order.hops).toEqual([expect.objectContaining({ topic: 'ituna-orders', waitMs: 3, offsetMs: 12 })]);
  });

  it('reads the order id, channel, outcome and total', () => {
    expect(order).toMatchObject({ orderId: 'order-1', channel: 'website', outcome: 'ready', totalMs: 125 });
  });

  it('renders a terminal waterfall with the queue wait and the Jaeger link', () => {
    const text = renderWaterfall(order, 'http://jaeger/trace/x');
    expect(text).toContain('~ queued in ituna-orders');
    expect(text).toMatch(/validate-inventory\s+17\.0 ms\s+100\.0 ms/);
    expect(text).toContain('Jaeger: http://jaeger/trace/x');
  });
});

describe('buildReport', () => {
  it('names the stage with the largest share of end-to-end self time as the bottleneck', () => {
    const orders = [1, 2, 3, 4].map((i) => analyzeTrace(fakeTrace(String(i).repeat(32), `o${i}`, 800)));
    const report = buildReport(orders, { fromMs: 0, toMs: 1000 });
    expect(report.orders).toBe(4);
    expect(report.bottleneck).toMatchObject({ stage: 'validate-inventory', service: 'order-validation' });
    expect(report.bottleneck!.sentence).toMatch(
      /^The top bottleneck is validate-inventory in order-validation: 9\d% of end-to-end time/,
    );
    expect(report.stages.find((s) => s.stage === 'queue ituna-orders')).toMatchObject({
      kind: 'queue',
      duration: expect.objectContaining({ p50: 3 }),
    });
    expect(report.channels.website.orders).toBe(4);
    expect(renderReport(report)).toContain('validate-inventory');
  });

  it('names Kafka when the queue wait dominates', () => {
    const report = buildReport([analyzeTrace(fakeTrace('9'.repeat(32), 'o', 1, 500))], { fromMs: 0, toMs: 1 });
    expect(report.bottleneck!.sentence).toMatch(/^The top bottleneck is waiting in Kafka \(ituna-orders\)/);
  });
});

describe('sampled data', () => {
  /** A trace as Jaeger's tail sampler keeps it: every span stamped with the share it keeps. */
  const kept = (n: number, percent: number) => {
    const trace = fakeTrace(String(n).padStart(32, '0'), `order-${n}`, 10);
    trace.spans.forEach((s) => s.tags.push({ key: 'ituna.sampling.percent', value: percent }));
    return analyzeTrace(trace);
  };

  it('says the report reads sampled traces, and at which share, when the sampler stamped them', () => {
    const report = buildReport([kept(1, 10), kept(2, 10)], { fromMs: 0, toMs: 1 });
    expect(report.sampling?.percent).toBe(10);
    expect(renderReport(report)).toContain('Sampled data: Jaeger keeps every trace with an error');
    expect(renderReport(report)).toContain('and 10% of the others');
  });

  it('says nothing of sampling when every trace is kept', () => {
    const report = buildReport([analyzeTrace(fakeTrace('8'.repeat(32), 'o', 1)), kept(3, 100)], {
      fromMs: 0,
      toMs: 1,
    });
    expect(report.sampling).toBeUndefined();
    expect(renderReport(report)).not.toContain('Sampled');
  });
});

describe('per instance', () => {
  /** An order validated by instance `validator` of order-validation (a process tag, as Jaeger shows resource attributes). */
  const validatedBy = (n: number, validator: string, inventoryMs: number) => {
    const trace = fakeTrace(String(n).padStart(32, '0'), `order-${n}`, inventoryMs);
    trace.processes = {
      p1: { serviceName: 'website-ordering', tags: [{ key: 'service.instance.id', value: 'website-ordering-1' }] },
      p2: { serviceName: 'order-validation', tags: [{ key: 'service.instance.id', value: validator }] },
    };
    return analyzeTrace(trace);
  };
  const orders = [
    validatedBy(1, 'order-validation-1', 10),
    validatedBy(2, 'order-validation-2', 300),
    validatedBy(3, 'order-validation-1', 20),
    validatedBy(4, 'order-validation-2', 400),
  ];
  const report = buildReport(orders, { fromMs: 0, toMs: 1 });

  it("names the instance that did each span, from its process's service.instance.id", () => {
    expect(orders[1].rows.find((r) => r.name === 'validate-inventory')!.instance).toBe('order-validation-2');
    expect(renderWaterfall(orders[1], 'http://j')).toMatch(/^order-validation-2 +validate-inventory/m);
  });

  it('breaks a stage that two instances did down per instance, and leaves a one-instance stage whole', () => {
    const inventory = report.stages.find((s) => s.stage === 'validate-inventory')!;
    expect(inventory.instances!.map((i) => [i.instance, i.duration.count, i.duration.max])).toEqual([
      ['order-validation-1', 2, 20],
      ['order-validation-2', 2, 400],
    ]);
    expect(report.stages.find((s) => s.stage === 'place-order')!.instances).toBeUndefined();
    const text = renderReport(report);
    expect(text).toMatch(/^\s+order-validation-2\s+2\s+300\.0 ms\s+400\.0 ms/m);
  });

  it("shortens an id that is not the launcher's (the SDK's random UUID) after the service name", () => {
    const trace = fakeTrace('f'.repeat(32), 'order-f', 5);
    trace.processes.p2.tags = [{ key: 'service.instance.id', value: '3f2b9c1e-0000-4000-8000-000000000000' }];
    expect(renderWaterfall(analyzeTrace(trace), 'http://j')).toContain('order-validation@3f2b9c1e');
  });
});

describe('stats and durations', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(summarize(values)).toMatchObject({ count: 100, p95: 95, max: 100, mean: 50.5 });
  });

  it('parses window lengths and refuses nonsense', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(() => parseDuration('soon')).toThrow('"soon" is not a duration');
  });
});

describe('collectOrders limits', () => {
  // 1200 website orders, one a second, each a trace starting at its second; Jaeger answers at most `limit` a search.
  const at = (trace: JaegerTrace, us: number): JaegerTrace => ({
    ...trace,
    spans: trace.spans.map((s) => ({ ...s, startTime: s.startTime + us })),
  });
  const traces = Array.from({ length: 1200 }, (_, i) => ({
    at: i * 1_000_000,
    trace: at(fakeTrace(String(i).padStart(32, '0'), `o${i}`, 1), i * 1_000_000),
  }));
  const client = Object.assign(new JaegerClient('http://127.0.0.1:1'), {
    services: async () => ['website-ordering'],
    search: async (_: string, w: { startUs: number; endUs: number }, opts: { limit?: number } = {}) =>
      traces
        .filter((t) => t.at >= w.startUs && t.at < w.endUs)
        .slice(0, opts.limit ?? 1000)
        .map((t) => t.trace),
  });

  it('reads every order of a window within the limits', async () => {
    const { orders, limitedTo } = await collectOrders(client, 0, 1_200_000, undefined, {
      maxWindowMs: 86_400_000,
      maxOrders: 5000,
    });
    expect(orders).toHaveLength(1200);
    expect(limitedTo).toBeUndefined();
  });

  it('stops at the order limit, says so, and keeps the most recent orders', async () => {
    const { orders, limitedTo } = await collectOrders(client, 0, 1_200_000, undefined, {
      maxWindowMs: 86_400_000,
      maxOrders: 300,
    });
    expect(limitedTo).toBe(300);
    expect(orders).toHaveLength(300);
    const ids = orders.map((o) => Number(o.orderId!.slice(1)));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(600);
    const report = buildReport(orders, { fromMs: 0, toMs: 1_200_000 }, limitedTo);
    expect(report.limitedTo).toBe(300);
    expect(renderReport(report)).toContain('this covers the most recent 300');
  });

  it('refuses a window longer than a day, saying what to ask instead', async () => {
    await expect(collectOrders(client, 0, 2 * 86_400_000)).rejects.toThrow(QueryLimitError);
    await expect(collectOrders(client, 0, 2 * 86_400_000)).rejects.toThrow(
      'a report covers at most 24 h (asked for 48 h): ask for a shorter window',
    );
  });
});
