import { readFileSync } from 'node:fs';
import { TOPICS } from '@ituna/contracts';
import { waitForTrace } from '../support/jaeger';
import { ServiceFleet, TopicWatcher } from '@ituna/testbed';
import { TraceView } from '../support/trace-assertions';

describe('simulated orders with the original delays', () => {
  // Default delays everywhere (on-site ordering 3000 ms), the on-site simulator placing an order every second.
  const fleet = new ServiceFleet({ ITUNA_DELAY_ONSITE_MS: '', ITUNA_SIMULATOR_INTERVAL_MS: '0' });
  const watcher = new TopicWatcher([TOPICS.ready]);

  beforeAll(async () => {
    await watcher.start();
    await fleet.start(['order-validation', 'kitchen-service']);
    await fleet.startOne('onsite-ordering', { ITUNA_SIMULATOR_INTERVAL_MS: '1000' });
  });
  afterAll(async () => {
    await fleet.stop();
    await watcher.stop();
  });

  it('traces a simulator order from a root place-order span to the plate, and its log lines lead to the trace', async () => {
    const ready = await watcher.waitFor(
      (m) => m.topic === TOPICS.ready && m.json().channel === 'onsite',
      60_000,
      'a simulated on-site order',
    );
    const { orderId, placedAt, readyAt } = ready.json();
    const endToEndMs = Date.parse(readyAt) - Date.parse(placedAt);
    console.log(`simulated on-site order with default delays: ${endToEndMs} ms from placedAt to readyAt`);
    expect(endToEndMs).toBeGreaterThanOrEqual(3000 + 70 + 50 + 120 + 100 + 140);

    // The log line of the placement carries the order id and the trace id: it leads to the trace.
    const placing = readFileSync(fleet.running.get('onsite-ordering')!.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes(orderId) && l.includes('Placing'))
      .map((l) => JSON.parse(l))[0];
    expect(placing).toMatchObject({
      service: 'onsite-ordering',
      orderId,
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });

    const trace = new TraceView(await waitForTrace(placing.trace_id, { has: ['place-order', 'send orders-ready'] }));
    const root = trace.one('place-order');
    expect(trace.parentOf(root)).toBeUndefined();
    expect(trace.tag(root, 'ituna.order.id')).toBe(orderId);
    expect(root.duration / 1000).toBeGreaterThanOrEqual(3000);
    trace.chain(
      'place-order',
      'send ituna-orders',
      'process ituna-orders',
      'send kitchen-orders',
      'process kitchen-orders',
      'send orders-ready',
    );
    expect(trace.services()).toEqual(['kitchen-service', 'onsite-ordering', 'order-validation']);
    console.log(`spans per simulated order: ${trace.trace.spans.length}`);
  });
});
