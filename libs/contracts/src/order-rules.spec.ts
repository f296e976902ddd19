import { orderRejected } from './events';
import type { Order } from './order';
import { STOCK_PER_ITEM, firstRejection } from './order-rules';

const order = (patch: Partial<Order> = {}): Order =>
  ({
    orderId: '6f1c2a5e-3c1b-4d8e-9a2f-0b7c6d5e4f3a',
    channel: 'website',
    customerId: 'c-1',
    address: '12 Harbour Road',
    items: { 'TUNA NIGIRI': 2 },
    placedAt: '2026-11-27T08:00:00.000Z',
    ...patch,
  }) as Order;

describe('order rules', () => {
  const none = new Set<string>();

  it('pass an order that meets every rule', () => {
    expect(firstRejection(order(), none)).toBeUndefined();
  });

  it.each([
    ['a PO box', order({ address: 'PO Box 12' }), 'validate-address', 'cannot deliver to a PO box'],
    ['no house number', order({ address: 'Harbour Road' }), 'validate-address', 'address needs a house number'],
    ['a blocked customer', order({ customerId: 'blocked-1' }), 'validate-name', 'customer is on the blocked list'],
    [
      'too many of a dish',
      order({ items: { 'TUNA NIGIRI': STOCK_PER_ITEM + 1 } }),
      'validate-inventory',
      `inventory short: ${STOCK_PER_ITEM + 1} x TUNA NIGIRI ordered, ${STOCK_PER_ITEM} in stock`,
    ],
  ])('refuse %s at the step that checks it', (_what, refused, step, reason) => {
    expect(firstRejection(refused, new Set(['blocked-1']))).toEqual({ step, reason });
  });

  it('check addresses of delivered (website) orders only', () => {
    expect(firstRejection(order({ channel: 'onsite', address: undefined }), none)).toBeUndefined();
  });

  it('report the first step that refuses, as the steps run', () => {
    const rejection = firstRejection(order({ address: 'PO Box 1', items: { 'TUNA NIGIRI': 99 } }), none);
    expect(rejection?.step).toBe('validate-address');
  });

  it('become the orders-rejected value with the order id and channel', () => {
    const at = new Date('2026-11-27T09:00:00.000Z');
    expect(orderRejected(order(), { step: 'validate-name', reason: 'r' }, at)).toEqual({
      orderId: order().orderId,
      channel: 'website',
      step: 'validate-name',
      reason: 'r',
      rejectedAt: '2026-11-27T09:00:00.000Z',
    });
  });
});
