import { criticalPath } from './critical-path';
import type { OrderTrace, SpanRow } from './order-trace';
import { buildServiceGraph } from './service-graph';
import { orderEvents } from './order-events';

const row = (
  spanId: string,
  parentId: string | undefined,
  offsetMs: number,
  durationMs: number,
  more = {},
): SpanRow => ({
  spanId,
  parentId,
  service: 'svc',
  name: spanId,
  kind: 'internal',
  depth: 0,
  offsetMs,
  durationMs,
  selfMs: 0,
  ...more,
});

// An order in the shape ITuna's traces have: placed, queued, validated (three steps side by side),
// sent on (the kitchen's consumer a child of the send, ending after it), committed meanwhile.
const rows = [
  row('place', undefined, 0, 20),
  row('send-orders', 'place', 10, 5),
  row('process-orders', 'send-orders', 30, 300),
  row('validate', 'process-orders', 31, 200),
  row('address', 'validate', 31, 50),
  row('name', 'validate', 31, 40),
  row('inventory', 'validate', 31, 200),
  row('send-kitchen', 'process-orders', 232, 3),
  row('commit', 'process-orders', 236, 94),
  row('process-kitchen', 'send-kitchen', 240, 400),
  row('cook', 'process-kitchen', 241, 300),
];

describe('criticalPath', () => {
  it('follows what decided the end: the latest-ending subtree, then what ended before it started', () => {
    // In time order: the validation (decided by its slowest step) before the send to the kitchen;
    // not the quicker checks beside inventory, nor the commit that overlapped the kitchen.
    expect(criticalPath(rows)).toEqual([
      'place',
      'send-orders',
      'process-orders',
      'validate',
      'inventory',
      'send-kitchen',
      'process-kitchen',
      'cook',
    ]);
  });

  it('takes sequential steps one after another, the last first', () => {
    const steps = [row('p', undefined, 0, 100), row('a', 'p', 0, 30), row('b', 'p', 30, 30), row('c', 'p', 60, 40)];
    expect(criticalPath(steps)).toEqual(['p', 'a', 'b', 'c']);
  });

  it('is empty for no spans', () => {
    expect(criticalPath([])).toEqual([]);
  });
});

const order = (traceId: string, more: Partial<OrderTrace>): OrderTrace => ({
  traceId,
  orderId: `order-${traceId}`,
  startUs: 1_800_000_000_000_000,
  totalMs: 10,
  outcome: 'ready',
  rows: [],
  hops: [],
  criticalPath: [],
  ...more,
});

describe('buildServiceGraph', () => {
  it('joins each write to the service that read it, with the wait, and keeps writes nobody read', () => {
    const o = order('t1', {
      rows: [
        row('s1', undefined, 0, 1, { service: 'website-ordering', kind: 'producer', name: 'send ituna-orders' }),
        row('c1', 's1', 5, 1, { service: 'order-validation', kind: 'consumer', name: 'process ituna-orders' }),
        row('s2', 'c1', 6, 1, { service: 'order-validation', kind: 'producer', name: 'send orders-rejected' }),
      ],
      hops: [{ topic: 'ituna-orders', producerSpanId: 's1', consumerSpanId: 'c1', waitMs: 4, offsetMs: 1 }],
    });
    expect(buildServiceGraph([o, o])).toEqual([
      { from: 'website-ordering', topic: 'ituna-orders', to: 'order-validation', count: 2, waitP95Ms: 4 },
      { from: 'order-validation', topic: 'orders-rejected', to: undefined, count: 2 },
    ]);
  });
});

describe('orderEvents', () => {
  it('lists failed steps, rejections and dead letters with their order, newest first', () => {
    const failed = order('t1', {
      outcome: 'rejected',
      rejectionReason: 'validate-address failed',
      rows: [
        row('a', undefined, 5, 1, { service: 'order-validation', name: 'validate-address', error: 'boom' }),
        row('r', undefined, 7, 1, { service: 'order-validation', kind: 'producer', name: 'send orders-rejected' }),
      ],
    });
    const dead = order('t2', {
      startUs: failed.startUs + 1_000_000,
      rows: [
        row('d', undefined, 0, 1, { service: 'kitchen-service', kind: 'producer', name: 'send kitchen-orders.dlq' }),
      ],
    });
    const crashed = order('t3', {
      rows: [row('c', undefined, 0, 1, { service: 'kitchen-service', name: 'cook-order', error: 'burnt' })],
    });
    // The rejected order's failed step is told once, by its rejection.
    expect(orderEvents([failed, dead, crashed]).map((e) => [e.kind, e.orderId, e.service, e.what])).toEqual([
      ['dead-letter', 'order-t2', 'kitchen-service', 'send kitchen-orders.dlq'],
      ['rejected', 'order-t1', 'order-validation', 'validate-address failed'],
      ['error', 'order-t3', 'kitchen-service', 'cook-order: burnt'],
    ]);
  });
});
