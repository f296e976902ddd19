import { randomUUID } from 'node:crypto';
import { CompressionTypes, IHeaders } from 'kafkajs';
import {
  ATTR_ITUNA_DELIVERY_ATTEMPTS,
  DLQ_HEADERS,
  EVENT_ITUNA_DELIVERY_RETRY,
  TOPICS,
  randomOrder,
} from '@ituna/contracts';
import { registerCompressionCodecs } from '@ituna/kafka';
import { sleep } from '../support/fixtures';
import { tag, waitForTrace } from '../support/jaeger';
import { tally, ServiceFleet, logOf, TopicWatcher, kafka } from '@ituna/testbed';
import { FaultFile } from '../support/fault-file';
import { startComponent, stopComponent } from '../support/stack-control';

/** kafkajs gives up on a consumer with these lines: a restart stops every partition of the service. */
const CONSUMER_RESTART = /Restarting the consumer|\[Consumer\] Crash/;
const traceIdOf = (headers: IHeaders) => String(headers.traceparent).split('-')[1];

describe('delivery failures: a failing handler, a dead letter that does not fit, Kafka away', () => {
  const faults = new FaultFile();
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...faults.env });
  const watcher = new TopicWatcher([TOPICS.kitchen, TOPICS.ready, TOPICS.kitchenDlq, TOPICS.ordersDlq]);
  const producer = kafka.producer();
  const logOfService = (name: 'kitchen-service' | 'order-validation') => logOf(fleet.running.get(name)!);

  const setFaults = (doc: object) => faults.set(doc, fleet.running.get('kitchen-service')!.logFile);

  beforeAll(async () => {
    registerCompressionCodecs();
    await watcher.start();
    await fleet.start(['order-validation', 'kitchen-service']);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await fleet.stop();
    await watcher.stop();
  });

  it('dead-letters an order whose handler always fails after 3 tries, and the orders behind it on its partition complete within seconds', async () => {
    const bad = randomOrder('direct');
    const behind = Array.from({ length: 5 }, () => randomOrder('direct'));
    await setFaults({ 'cook-order': { failRate: 1, orderIds: [bad.orderId] } });
    const sentAt = Date.now();
    // All on one partition, the failing order first: it must not hold up the others.
    await producer.send({
      topic: TOPICS.kitchen,
      acks: -1,
      messages: [bad, ...behind].map((o) => ({ key: o.orderId, value: JSON.stringify(o), partition: 0 })),
    });

    const dead = await watcher.waitFor(
      (m) => m.topic === TOPICS.kitchenDlq && m.key === bad.orderId,
      20_000,
      'the dead letter',
    );
    await Promise.all(
      behind.map((o) =>
        watcher.waitFor(
          (m) => m.topic === TOPICS.ready && m.key === o.orderId,
          10_000,
          `orders-ready for ${o.orderId}`,
        ),
      ),
    );
    const lastDone = Math.max(...behind.map((o) => watcher.byKey(TOPICS.ready, o.orderId)[0].at));
    console.log(
      `handler fault: dead-lettered after ${dead.at - sentAt} ms with ${dead.headers[DLQ_HEADERS.attempts]} attempts; the 5 orders behind it were ready ${lastDone - sentAt} ms after sending`,
    );

    expect(dead.headers[DLQ_HEADERS.attempts]!.toString()).toBe('3');
    expect(dead.headers[DLQ_HEADERS.error]!.toString()).toBe('InjectedFaultError');
    expect(dead.headers[DLQ_HEADERS.reason]!.toString()).toBe('handler failed 3 times (InjectedFaultError)');
    expect(JSON.parse(dead.value!.toString())).toEqual(bad);
    expect(watcher.byKey(TOPICS.ready, bad.orderId)).toEqual([]);
    expect(lastDone - sentAt).toBeLessThan(10_000);
    expect(logOfService('kitchen-service')).not.toMatch(CONSUMER_RESTART);
  });

  it('completes an order whose handler fails twice, once, with every try in its trace', async () => {
    const order = randomOrder('direct');
    await setFaults({ 'cook-order': { failTimes: 2, orderIds: [order.orderId] } });
    await producer.send({
      topic: TOPICS.kitchen,
      acks: -1,
      messages: [{ key: order.orderId, value: JSON.stringify(order) }],
    });

    const ready = await watcher.waitFor(
      (m) => m.topic === TOPICS.ready && m.key === order.orderId,
      15_000,
      'orders-ready',
    );
    await sleep(1000);
    expect(watcher.byKey(TOPICS.ready, order.orderId)).toHaveLength(1);
    expect(watcher.seen.filter((m) => m.topic === TOPICS.kitchenDlq && m.key === order.orderId)).toEqual([]);

    const trace = await waitForTrace(traceIdOf(ready.headers), {
      has: ['process kitchen-orders', 'cook-order', 'send orders-ready'],
    });
    const consumer = trace.spans.find((s) => s.operationName === 'process kitchen-orders')!;
    const retries = consumer.logs.filter((l) =>
      l.fields.some((f) => f.key === 'event' && f.value === EVENT_ITUNA_DELIVERY_RETRY),
    );
    const cooks = trace.spans.filter((s) => s.operationName === 'cook-order');
    console.log(
      `transient fault: ${cooks.length} cook-order spans, ${retries.length} retry events, attempts=${tag(consumer, ATTR_ITUNA_DELIVERY_ATTEMPTS)}`,
    );
    expect(tag(consumer, ATTR_ITUNA_DELIVERY_ATTEMPTS)).toBe(3);
    expect(retries).toHaveLength(2);
    expect(cooks).toHaveLength(3);
    expect(cooks.filter((s) => tag(s, 'otel.status_code') === 'ERROR')).toHaveLength(2);
  });

  it('writes a dead letter for a 500 kB value with 600 kB of headers, and the next good order completes', async () => {
    await setFaults({});
    const key = `oversized-${randomUUID()}`;
    const headers: Record<string, string> = { 'x-test-marker': key };
    for (let i = 0; i < 60; i += 1) headers[`x-bulk-${i}`] = `${i}`.padEnd(10_000, 'h');
    // Compressed, the record fits the broker; what the service dead-letters is not compressed.
    await producer.send({
      topic: TOPICS.kitchen,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: [{ key, value: Buffer.alloc(500_000, 'v'), headers }],
    });

    const dead = await watcher.waitFor(
      (m) => m.topic === TOPICS.kitchenDlq && m.key === key,
      20_000,
      'the oversized dead letter',
    );
    const size =
      (dead.value?.length ?? 0) +
      Object.entries(dead.headers).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
    console.log(
      `oversized dead letter: written, ${size} bytes, ${dead.headers[DLQ_HEADERS.headersDropped] ?? 0} headers left out, value ${dead.headers[DLQ_HEADERS.truncatedFrom] ? 'cut' : 'whole'}`,
    );
    expect(dead.headers[DLQ_HEADERS.reason]!.toString()).toMatch(/^not JSON/);
    expect(size).toBeLessThan(1_000_000);

    const next = randomOrder('direct');
    await producer.send({
      topic: TOPICS.kitchen,
      acks: -1,
      messages: [{ key: next.orderId, value: JSON.stringify(next) }],
    });
    await watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === next.orderId, 15_000, 'the next good order');
  });

  it('holds a backlog while Kafka is stopped for 10 s: nothing dead-lettered, nothing lost, no consumer restart', async () => {
    const orders = Array.from({ length: 60 }, () => randomOrder('onsite'));
    const startedAt = Date.now();
    // Validation at its own pace (its steps take ~100 ms here), so a backlog is in flight when Kafka goes.
    await fleet.stopOne('order-validation');
    await fleet.startOne('order-validation', {
      ITUNA_ZERO_DELAYS: 'false',
      ITUNA_DELAY_ADDRESS_MS: '30',
      ITUNA_DELAY_NAME_MS: '30',
      ITUNA_DELAY_INVENTORY_MS: '40',
    });
    await producer.send({
      topic: TOPICS.orders,
      acks: -1,
      messages: orders.map((o) => ({ key: o.orderId, value: JSON.stringify(o) })),
    });
    await watcher.stop();
    await sleep(1000);
    await stopComponent('kafka');
    await sleep(10_000);
    await startComponent('kafka');
    const upAt = Date.now();

    const after = new TopicWatcher([TOPICS.ready, TOPICS.rejected, TOPICS.ordersDlq, TOPICS.kitchenDlq]);
    await after.start({ fromTimestamp: startedAt });
    try {
      const ids = orders.map((o) => o.orderId);
      const { lostIds, ...result } = await tally(after, ids, 90_000);
      const lastAt = Math.max(...ids.flatMap((id) => after.byKey(TOPICS.ready, id).map((m) => m.at)));
      const deadLettered = after.seen.filter(
        (m) => (m.topic === TOPICS.ordersDlq || m.topic === TOPICS.kitchenDlq) && ids.includes(m.key ?? ''),
      );
      console.log(
        `Kafka away 10 s with a backlog: ${JSON.stringify(result)}; ${deadLettered.length} dead-lettered; all done ${lastAt - upAt} ms after Kafka was back`,
      );
      expect(lostIds).toEqual([]);
      expect(result.completed).toBe(orders.length);
      expect(deadLettered).toEqual([]);
      const restarts = (name: 'order-validation' | 'kitchen-service') =>
        (logOfService(name).match(/Restarting the consumer/g) ?? []).length;
      console.log(
        `consumer restarts during the outage: order-validation ${restarts('order-validation')}, kitchen-service ${restarts('kitchen-service')}`,
      );
      expect(restarts('order-validation')).toBe(0);
      expect(restarts('kitchen-service')).toBe(0);
      expect([...fleet.running.values()].every((s) => s.process.exitCode === null)).toBe(true);
    } finally {
      await after.stop();
    }
  });
});
