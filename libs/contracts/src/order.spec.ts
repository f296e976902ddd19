import type { z } from 'zod';
import { CHANNELS, DirectOrderBody, OnsiteOrderBody, OrderSchema, WebsiteOrderBody, describeIssues } from './order';
import { randomOrder } from './random-order';

const problems = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? 'ok' : describeIssues(result.error, value);
};

describe('OrderSchema', () => {
  it.each(CHANNELS)('accepts every random %s order the simulators place', (channel) => {
    for (let i = 0; i < 200; i++) expect(problems(OrderSchema, randomOrder(channel))).toBe('ok');
  });

  it('requires the address on website orders and the table on on-site orders', () => {
    const { address: _a, ...website } = randomOrder('website');
    const { table: _t, ...onsite } = randomOrder('onsite');
    expect(problems(OrderSchema, website)).toBe('address: is required for website orders');
    expect(problems(OrderSchema, onsite)).toBe('table: is required for on-site orders');
  });

  it('refuses a value of the wrong shape, naming each field', () => {
    expect(problems(OrderSchema, { orderId: 'x', channel: 'fax', items: {}, placedAt: 'yesterday' })).toMatch(
      /orderId: must be a UUID.*customerId: is required.*channel: .*placedAt: must be an ISO-8601 date-time/,
    );
  });
});

describe('POST /orders bodies', () => {
  const items = { 'TUNA MAKI': 2 };

  it('accept the documented bodies', () => {
    expect(problems(WebsiteOrderBody, { items, address: '12 Harbour Street' })).toBe('ok');
    expect(problems(OnsiteOrderBody, { table: 3, items })).toBe('ok');
    expect(problems(DirectOrderBody, { items })).toBe('ok');
  });

  it.each([
    [
      'an unknown item',
      { items: { 'TUNA PIZZA': 1 } },
      /^items\.TUNA PIZZA: unknown menu item; the menu is: ITUNA SOUP/,
    ],
    ['a count over 20', { items: { 'TUNA MAKI': 21 } }, 'items.TUNA MAKI: must be at most 20'],
    ['a negative count', { items: { 'TUNA MAKI': -1 } }, 'items.TUNA MAKI: must be at least 1'],
    ['a fractional count', { items: { 'TUNA MAKI': 1.5 } }, 'items.TUNA MAKI: must be a whole number'],
    ['a count of the wrong type', { items: { 'TUNA MAKI': '2' } }, 'items.TUNA MAKI: must be a number'],
    ['no items', { items: {} }, 'items: must hold 1 to 8 distinct menu items (got 0)'],
    ['a missing field', {}, 'items: is required'],
    ['an unknown field', { items, discount: 100 }, 'discount: unknown field'],
  ])('refuse %s with a message naming the field and the rule', (_, body, message) => {
    expect(problems(DirectOrderBody, body)).toMatch(message);
  });

  it('refuses a table out of range, control characters in an address and a malformed customer id', () => {
    expect(problems(OnsiteOrderBody, { table: 16, items })).toBe('table: must be 1 to 15');
    expect(problems(WebsiteOrderBody, { items, address: '12 Harbour\u0000 Street' })).toBe(
      'address: must not contain control characters',
    );
    expect(problems(WebsiteOrderBody, { items, address: 'x', customerId: 'bob' })).toBe('customerId: must be a UUID');
  });
});

describe('describeIssues', () => {
  it('names the first few problems of a huge body and counts the rest', () => {
    const items = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`DISH ${i}`, 1]));
    const message = problems(DirectOrderBody, { items });
    expect(message).toMatch(/^items\.DISH 0: unknown menu item/);
    expect(message).toMatch(/; and 46 more problems$/);
  });
});
