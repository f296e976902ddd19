import { OrderReadySchema, orderReady } from './events';
import { randomOrder } from './random-order';

describe('orderReady', () => {
  it('announces the first dish of the order, keeps when it was placed and is a valid orders-ready value', () => {
    const order = randomOrder('website');
    const ready = orderReady(order, new Date('2026-11-27T10:00:00.000Z'));
    expect(ready).toMatchObject({
      orderId: order.orderId,
      channel: 'website',
      dish: Object.keys(order.items)[0],
      placedAt: order.placedAt,
      readyAt: '2026-11-27T10:00:00.000Z',
    });
    expect(OrderReadySchema.safeParse(ready).success).toBe(true);
  });
});
