import { TOPICS } from '@ituna/contracts';
import { waitForTrace } from '../support/jaeger';
import type { JaegerSpan } from '../support/jaeger';
import { post, PORTS, kafka } from '@ituna/testbed';
import { useFleet } from '../support/fixtures';
import { TraceView } from '../support/trace-assertions';

const DIRECT_SPANS = [
  'POST /orders',
  'place-order',
  'send kitchen-orders',
  'process kitchen-orders',
  'cook-order',
  'cut-fish',
  'plate',
  'send orders-ready',
];
const ITUNA_SPANS = [
  'place-order',
  'send ituna-orders',
  'process ituna-orders',
  'validate-order',
  'validate-address',
  'validate-name',
  'validate-inventory',
  'send kitchen-orders',
  'process kitchen-orders',
  'cook-order',
  'cut-fish',
  'plate',
  'send orders-ready',
];
const ms = (µs: number) => µs / 1000;

describe('one trace per order, from placement to plate (five services, real Kafka, real Jaeger)', () => {
  const { fleet, watcher } = useFleet({}, [
    TOPICS.ready,
    TOPICS.rejected,
    TOPICS.ordersDlq,
    TOPICS.kitchenDlq,
    TOPICS.orders,
    TOPICS.kitchen,
  ]);

  beforeAll(() => {
    console.log(
      `start-up to healthy (ms): ${[...fleet.running.values()].map((s) => `${s.name} ${s.startupMs}`).join(', ')}`,
    );
  });

  async function placeAndFollow(port: number, body: unknown, expectedSpans: string[]) {
    const started = Date.now();
    const answer = await post(port, '/orders', body);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const ready = await watcher.waitFor(
      (m) => m.topic === TOPICS.ready && m.key === answer.body.orderId,
      30_000,
      `orders-ready for ${answer.body.orderId}`,
    );
    const endToEndMs = Date.now() - started;
    const trace = new TraceView(await waitForTrace(answer.body.traceId, { has: expectedSpans }));
    const partitions = Object.fromEntries(
      [TOPICS.orders, TOPICS.kitchen, TOPICS.ready].map((topic) => [
        topic,
        watcher.byKey(topic, answer.body.orderId).map((m) => String(m.partition)),
      ]),
    );
    return { ...answer.body, ready: ready.json(), trace, endToEndMs, partitions };
  }

  it.each([
    [
      'website',
      PORTS['website-ordering'],
      { items: { 'TUNA MAKI': 2, 'ITUNA SOUP': 1 }, address: '12 Harbour Street' },
    ],
    ['onsite', PORTS['onsite-ordering'], { table: 7, items: { 'SPICY ITUNA ROLL': 3 } }],
  ])('follows a %s order through ordering, validation and the kitchen as one trace', async (channel, port, body) => {
    const { orderId, trace, ready, endToEndMs, partitions } = await placeAndFollow(port, body, [
      'POST /orders',
      ...ITUNA_SPANS,
      'commit-transaction',
      'commit-transaction',
    ]);
    console.log(
      `${channel}: ${trace.trace.spans.length} spans, ${endToEndMs} ms end to end (ordering delay 0, validation and kitchen at their defaults)`,
    );
    expect(ready).toMatchObject({ orderId, channel, dish: Object.keys((body as { items: object }).items)[0] });
    expect(trace.services()).toEqual([`${channel}-ordering`, 'kitchen-service', 'order-validation'].sort());

    // The HTTP server span is the root; place-order is its child; every hop is producer > consumer.
    const http = trace.one('POST /orders');
    expect(trace.tag(http, 'span.kind')).toBe('server');
    expect(trace.parentOf(http)).toBeUndefined();
    trace.chain(
      'POST /orders',
      'place-order',
      'send ituna-orders',
      'process ituna-orders',
      'send kitchen-orders',
      'process kitchen-orders',
      'send orders-ready',
    );
    trace.chain('process ituna-orders', 'validate-order', 'validate-address');
    trace.chain('validate-order', 'validate-name');
    trace.chain('validate-order', 'validate-inventory');
    trace.chain('process kitchen-orders', 'cook-order', 'cut-fish');
    trace.chain('cook-order', 'plate');
    expect(trace.tag(trace.one('place-order'), 'ituna.order.channel')).toBe(channel);

    // Each validation step lasts at least its simulated work (defaults 70, 50, 120 ms).
    expect(ms(trace.one('validate-address').duration)).toBeGreaterThanOrEqual(70);
    expect(ms(trace.one('validate-name').duration)).toBeGreaterThanOrEqual(50);
    expect(ms(trace.one('validate-inventory').duration)).toBeGreaterThanOrEqual(120);

    // Jaeger's tag search finds the order: every ITuna span carries its id.
    for (const name of ITUNA_SPANS)
      expect([name, trace.tag(trace.one(name), 'ituna.order.id')]).toEqual([name, orderId]);
    expect(trace.tag(trace.one('process ituna-orders'), 'messaging.consumer.group.name')).toBe(
      'order-validation-server',
    );
    expect(trace.serviceOf(trace.one('process kitchen-orders'))).toBe('kitchen-service');

    // Every send span names the partition its record went to, written at once or in a transaction.
    for (const topic of [TOPICS.orders, TOPICS.kitchen, TOPICS.ready])
      expect([topic, trace.tag(trace.one(`send ${topic}`), 'messaging.destination.partition.id')]).toEqual([
        topic,
        partitions[topic][0],
      ]);

    // Exactly-once (the default): each consuming hop commits what it wrote together with the
    // consumed offset in one Kafka transaction, and the next hop reads it only once committed.
    const transactions: JaegerSpan[] = trace.all('commit-transaction');
    expect(transactions.map((t) => `${trace.serviceOf(t)} under ${trace.parentOf(t)?.operationName}`).sort()).toEqual([
      'kitchen-service under process kitchen-orders',
      'order-validation under process ituna-orders',
    ]);
    for (const t of transactions) {
      expect(trace.tag(t, 'ituna.delivery.mode')).toBe('exactly-once');
      expect(trace.tag(t, 'ituna.kafka.transaction.records')).toBe(1);
      expect(trace.tag(t, 'ituna.kafka.transaction.messages')).toBeGreaterThanOrEqual(1);
      expect(String(trace.tag(t, 'ituna.kafka.transactional_id'))).toMatch(new RegExp(`^${trace.serviceOf(t)}-`));
    }
  });

  it('takes a direct order straight to the kitchen: no order-validation spans', async () => {
    const { orderId, trace } = await placeAndFollow(
      PORTS['direct-kitchen-ordering'],
      { items: { 'TUNA SASHIMI': 4 } },
      DIRECT_SPANS,
    );
    expect(trace.services()).toEqual(['direct-kitchen-ordering', 'kitchen-service']);
    trace.chain('POST /orders', 'place-order', 'send kitchen-orders', 'process kitchen-orders', 'cook-order');
    expect(trace.all('process ituna-orders')).toHaveLength(0);
    expect(trace.all('validate-order')).toHaveLength(0);
    expect(trace.tag(trace.one('send orders-ready'), 'ituna.order.id')).toBe(orderId);
  });

  it('sends an order that fails a business rule to orders-rejected with the reason, its step span in ERROR', async () => {
    const answer = await post(PORTS['website-ordering'], '/orders', {
      items: { 'TUNA NIGIRI': 1 },
      address: 'PO Box 12',
    });
    expect(answer.status).toBe(202);
    const rejected = await watcher.waitFor((m) => m.topic === TOPICS.rejected && m.key === answer.body.orderId);
    expect(rejected.json()).toMatchObject({
      orderId: answer.body.orderId,
      step: 'validate-address',
      reason: 'cannot deliver to a PO box',
    });
    const trace = new TraceView(
      await waitForTrace(answer.body.traceId, { has: ['validate-address', 'send orders-rejected'] }),
    );
    const step = trace.one('validate-address');
    expect(trace.tag(step, 'otel.status_code')).toBe('ERROR');
    expect(step.logs.some((l) => l.fields.some((f) => f.key === 'event' && f.value === 'exception'))).toBe(true);
    trace.chain('process ituna-orders', 'send orders-rejected');
    expect(trace.all('process kitchen-orders')).toHaveLength(0);
    expect(watcher.byKey(TOPICS.ready, answer.body.orderId)).toHaveLength(0);
  });

  it('rejects an order the inventory cannot cover', async () => {
    const answer = await post(PORTS['onsite-ordering'], '/orders', { table: 2, items: { 'TUNA MAKI': 15 } });
    const rejected = await watcher.waitFor((m) => m.topic === TOPICS.rejected && m.key === answer.body.orderId);
    expect(rejected.json()).toMatchObject({
      step: 'validate-inventory',
      reason: 'inventory short: 15 x TUNA MAKI ordered, 12 in stock',
    });
  });

  it.each([
    [TOPICS.orders, TOPICS.ordersDlq, PORTS['website-ordering'], { items: { 'ITUNA ROLL': 1 }, address: '3 Pier Way' }],
    [TOPICS.kitchen, TOPICS.kitchenDlq, PORTS['direct-kitchen-ordering'], { items: { 'ITUNA ROLL': 1 } }],
  ])(
    'dead-letters a malformed message on %s with its bytes, headers and reason, then completes the next order',
    async (topic, dlq, port, body) => {
      const producer = kafka.producer();
      await producer.connect();
      const key = `poison-${Date.now()}`;
      await producer.send({
        topic,
        messages: [{ key, value: 'this is not an order {', headers: { 'x-origin': 'e2e' } }],
      });
      await producer.disconnect();

      const dead = await watcher.waitFor((m) => m.topic === dlq && m.key === key);
      expect(dead.value!.toString()).toBe('this is not an order {');
      expect(dead.headers['x-origin']!.toString()).toBe('e2e');
      expect(dead.headers['ituna-dlq-reason']!.toString()).toMatch(
        /^not JSON: syntax error at position \d+$|^not JSON: unexpected token$/,
      );
      expect(dead.headers['ituna-dlq-source-topic']!.toString()).toBe(topic);

      const { ready } = await placeAndFollow(port, body, ['send orders-ready']);
      expect(ready.dish).toBe('ITUNA ROLL');
    },
  );

  it('answers an invalid POST with 400 naming the field and publishes nothing', async () => {
    const before = watcher.seen.filter((m) => m.topic === TOPICS.kitchen).length;
    const answer = await post(PORTS['direct-kitchen-ordering'], '/orders', { items: { 'TUNA MAKI': 0 } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'items.TUNA MAKI: must be at least 1',
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(watcher.seen.filter((m) => m.topic === TOPICS.kitchen)).toHaveLength(before);
  });
});
