import { randomUUID } from 'node:crypto';
import { DLQ_HEADERS, TOPICS } from '@ituna/contracts';
import { useFleet } from '../support/fixtures';
import { post, PORTS, logOf, kafka } from '@ituna/testbed';
import { waitForTrace } from '../support/jaeger';

const CALLER_ATTRIBUTES = [
  'client.address',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'user_agent.original',
];
const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];

describe('privacy: no customer data and no message content in traces or logs', () => {
  const { fleet, watcher } = useFleet(
    { ITUNA_ZERO_DELAYS: 'true' },
    [TOPICS.ready, TOPICS.ordersDlq],
    ['website-ordering', 'order-validation', 'kitchen-service'],
  );
  const infoLines = () =>
    [...fleet.running.values()].flatMap((s) =>
      logOf(s)
        .split('\n')
        .filter((line) => line.startsWith('{') && JSON.parse(line).level >= 30),
    );

  it("keeps a website order's address and customer id out of its trace and out of every log line at info", async () => {
    const marker = randomUUID().slice(0, 8);
    const address = `7 Privacy Lane ${marker}`;
    const customerId = randomUUID();
    const answer = await post(
      PORTS['website-ordering'],
      '/orders',
      { customerId, items: { 'TUNA MAKI': 1 }, address },
      { 'user-agent': `privacy-test/${marker}` },
    );
    expect(answer.status).toBe(202);
    await watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === answer.body.orderId, 20_000, 'orders-ready');
    const trace = await waitForTrace(answer.body.traceId, {
      has: ['POST /orders', 'place-order', 'validate-order', 'cook-order', 'send orders-ready'],
    });
    const json = JSON.stringify(trace);
    const edge = trace.spans.find((s) => s.operationName === 'POST /orders')!;
    console.log(
      `privacy: trace of ${trace.spans.length} spans (${json.length} bytes of JSON) and ${infoLines().length} log lines at info checked`,
    );

    expect(json).not.toContain(marker);
    expect(json).not.toContain(customerId);
    expect(edge.tags.map((t) => t.key).filter((k) => CALLER_ATTRIBUTES.includes(k))).toEqual([]);
    expect(json).toContain(answer.body.orderId);
    for (const line of infoLines()) {
      expect(line).not.toContain(marker);
      expect(line).not.toContain(customerId);
    }
  });

  it('keeps the text of a message that is not JSON out of its spans', async () => {
    const marker = `secret-${randomUUID()}`;
    const key = `poison-${randomUUID()}`;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.orders, acks: -1, messages: [{ key, value: `{"note": "${marker}" oops` }] });
    await producer.disconnect();
    const dead = await watcher.waitFor((m) => m.topic === TOPICS.ordersDlq && m.key === key, 15_000, 'the dead letter');
    const trace = await waitForTrace(traceIdOf(dead.headers.traceparent), {
      has: ['process ituna-orders', 'send ituna-orders.dlq'],
    });
    expect(dead.headers[DLQ_HEADERS.reason]!.toString()).toMatch(/^not JSON: syntax error at position \d+$/);
    expect(dead.value!.toString()).toContain(marker);
    expect(JSON.stringify(trace)).not.toContain(marker);
  });
});
