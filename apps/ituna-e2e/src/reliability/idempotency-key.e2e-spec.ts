import { randomUUID } from 'node:crypto';
import { TOPICS } from '@ituna/contracts';
import { sleep, useFleet } from '../support/fixtures';
import { post, PORTS, TopicWatcher } from '@ituna/testbed';
import { startComponent, stopComponent } from '../support/stack-control';

const SERVICES = ['website-ordering', 'order-validation', 'kitchen-service'] as const;

describe('Idempotency-Key: a retried POST is one order, whatever the first attempt got', () => {
  const { fleet, watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [TOPICS.orders, TOPICS.ready], SERVICES);
  const port = PORTS['website-ordering'];
  const body = (n = 1) => ({ items: { 'TUNA MAKI': n }, address: '12 Harbour Street' });
  const withKey = (key: string) => ({ 'idempotency-key': key });

  /** Waits for the order on orders-ready, then long enough for a second announcement to show. */
  async function announcements(w: TopicWatcher, orderId: string) {
    await w.waitFor((m) => m.topic === TOPICS.ready && m.key === orderId, 20_000, `orders-ready for ${orderId}`);
    await sleep(1500);
    return w.byKey(TOPICS.ready, orderId).length;
  }

  it('gives the same order id for the same key twice, and one order on orders-ready', async () => {
    const key = randomUUID();
    const first = await post(port, '/orders', body(), withKey(key));
    const second = await post(port, '/orders', body(), withKey(key));
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.orderId).toBe(first.body.orderId);
    expect(await announcements(watcher, first.body.orderId)).toBe(1);
    expect(watcher.byKey(TOPICS.orders, first.body.orderId)).toHaveLength(1);
  });

  it('gives a new order for every POST without a key', async () => {
    const a = await post(port, '/orders', body());
    const b = await post(port, '/orders', body());
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.orderId).not.toBe(b.body.orderId);
  });

  it('answers 422 for the same key with another body, and places nothing for it', async () => {
    const key = randomUUID();
    const first = await post(port, '/orders', body(1), withKey(key));
    const other = await post(port, '/orders', body(2), withKey(key));
    expect(first.status).toBe(202);
    expect(other.status).toBe(422);
    expect(other.body.message).toBe('this Idempotency-Key was already used with a different request body');
    expect(await announcements(watcher, first.body.orderId)).toBe(1);
  });

  it.each([
    ['a key with a space', 'two words'],
    ['a 256-character key', 'k'.repeat(256)],
  ])('answers 400 for %s', async (_, key) => {
    const answer = await post(port, '/orders', body(), withKey(key));
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('Idempotency-Key must be one value of 1 to 255 visible ASCII characters');
  });

  it('makes one order of a request the client gave up on and its retry', async () => {
    const key = randomUUID();
    // The client drops the connection at once; the service goes on placing the order.
    await fetch(`http://127.0.0.1:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withKey(key) },
      body: JSON.stringify(body()),
      signal: AbortSignal.timeout(1),
    }).catch(() => undefined);
    const retried = await post(port, '/orders', body(), withKey(key));
    expect(retried.status).toBe(202);
    expect(await announcements(watcher, retried.body.orderId)).toBe(1);
  });

  it('makes one order of a POST retried with its key after every service restarted', async () => {
    const key = randomUUID();
    const first = await post(port, '/orders', body(4), withKey(key));
    expect(first.status).toBe(202);
    expect(await announcements(watcher, first.body.orderId)).toBe(1);
    // Every process gone, and with it every key and order id it held in memory.
    await fleet.stop();
    await fleet.start(SERVICES);
    const retried = await post(port, '/orders', body(4), withKey(key));
    expect(retried.status).toBe(202);
    expect(retried.body.orderId).toBe(first.body.orderId);
    await watcher.waitFor(
      () => watcher.byKey(TOPICS.orders, first.body.orderId).length > 1,
      20_000,
      'the retry on ituna-orders',
    );
    // Validation knows the order from its processed keys (a changelog topic), not from memory.
    await sleep(3000);
    console.log(
      `Idempotency-Key across a restart of every service: ${watcher.byKey(TOPICS.orders, first.body.orderId).length} write(s) on ituna-orders, ${watcher.byKey(TOPICS.ready, first.body.orderId).length} on orders-ready`,
    );
    expect(watcher.byKey(TOPICS.orders, first.body.orderId)).toHaveLength(2);
    expect(watcher.byKey(TOPICS.ready, first.body.orderId)).toHaveLength(1);
  });

  it('answers 503 while Kafka is stopped, 202 with the same order id on the retry after it returns, and one order completes', async () => {
    const key = randomUUID();
    const startedAt = Date.now();
    await watcher.stop();
    await stopComponent('kafka');
    let down;
    try {
      down = await post(port, '/orders', body(3), withKey(key));
    } finally {
      await startComponent('kafka');
    }
    const upAt = Date.now();
    let retried = await post(port, '/orders', body(3), withKey(key));
    for (let i = 0; retried.status === 503 && i < 30; i += 1) {
      await sleep(500);
      retried = await post(port, '/orders', body(3), withKey(key));
    }
    const after = new TopicWatcher([TOPICS.orders, TOPICS.ready]);
    await after.start({ fromTimestamp: startedAt });
    try {
      const count = await announcements(after, retried.body.orderId);
      console.log(
        `Idempotency-Key across a broker stop: first POST ${down.status}, retry ${retried.status} ${Date.now() - upAt} ms after Kafka was back; ${after.byKey(TOPICS.orders, retried.body.orderId).length} write(s) on ituna-orders, ${count} on orders-ready`,
      );
      expect(down.status).toBe(503);
      expect(retried.status).toBe(202);
      expect(count).toBe(1);
    } finally {
      await after.stop();
    }
  });
});
