import { parseOrder } from './parse-order';
import { randomOrder } from './random-order';

describe('parseOrder', () => {
  it('reads a valid order from bytes', () => {
    const order = randomOrder('onsite');
    expect(parseOrder(Buffer.from(JSON.stringify(order)))).toEqual({ ok: true, order });
  });

  it.each([
    ['an empty value', Buffer.alloc(0), /^empty value/],
    ['a null value', null, /^empty value/],
    ['text that is not JSON', Buffer.from('hello'), /^not JSON: /],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x81]), /^not JSON: /],
    ['JSON of the wrong shape', Buffer.from('{"orderId":1}'), /^not a valid order: orderId: must be a UUID/],
    ['an unknown menu item', Buffer.from(JSON.stringify({ ...randomOrder('direct'), items: { 'TUNA PIZZA': 1 } })), /items\.TUNA PIZZA: unknown menu item/],
  ])('explains %s', (_, value, reason) => {
    const parsed = parseOrder(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});
