import { UnprocessableEntityException } from '@nestjs/common';
import type { Order } from '@ituna/contracts';
import { KafkaUnavailableError } from '../kafka-unavailable.error';
import type { OrderPlacementService } from '../order-placement.service';
import { orderIdForKey } from './idempotency-key';
import { IdempotentPlacementService } from './idempotent-placement.service';

function setup() {
  const written: Order[] = [];
  let failNext = 0;
  const place = jest.fn(async (order: Order) => {
    if (failNext > 0) {
      failNext -= 1;
      throw new KafkaUnavailableError(order.orderId, new Error('Kafka away'));
    }
    written.push(order);
    return { orderId: order.orderId, traceId: null };
  });
  const service = new IdempotentPlacementService({ place } as unknown as OrderPlacementService, 'website');
  const build = (orderId: string) => ({ orderId, channel: 'website' }) as unknown as Order;
  return { service, written, build, failNext: (n: number) => (failNext = n) };
}

describe('IdempotentPlacementService', () => {
  it('places a new order with a random id for every POST without a key', async () => {
    const { service, written, build } = setup();
    const a = await service.place(undefined, { items: { A: 1 } }, build);
    const b = await service.place(undefined, { items: { A: 1 } }, build);
    expect(a.orderId).not.toBe(b.orderId);
    expect(written).toHaveLength(2);
  });

  it('answers the same key again with the same order and no second write', async () => {
    const { service, written, build } = setup();
    const a = await service.place('key-1', { items: { A: 1 } }, build);
    const b = await service.place('key-1', { items: { A: 1 } }, build);
    expect(a.orderId).toBe(orderIdForKey('website', 'key-1'));
    expect(b).toEqual(a);
    expect(written).toHaveLength(1);
  });

  it('makes concurrent requests with one key wait for the same write', async () => {
    const { service, written, build } = setup();
    const [a, b] = await Promise.all([service.place('k', { x: 1 }, build), service.place('k', { x: 1 }, build)]);
    expect(b).toEqual(a);
    expect(written).toHaveLength(1);
  });

  it('writes the same order id again on a retry after Kafka did not take it (a 503)', async () => {
    const { service, written, build, failNext } = setup();
    failNext(1);
    await expect(service.place('k', { x: 1 }, build)).rejects.toBeInstanceOf(KafkaUnavailableError);
    const retried = await service.place('k', { x: 1 }, build);
    expect(retried.orderId).toBe(orderIdForKey('website', 'k'));
    expect(written.map((o) => o.orderId)).toEqual([retried.orderId]);
  });

  it('answers 422 for the same key with another body, before and after the first is placed', async () => {
    const { service, build } = setup();
    await service.place('k', { items: { A: 1 } }, build);
    await expect(service.place('k', { items: { A: 2 } }, build)).rejects.toBeInstanceOf(UnprocessableEntityException);
    await expect(service.place('k', { items: { A: 2 } }, build)).rejects.toThrow(
      'this Idempotency-Key was already used with a different request body',
    );
  });
});
