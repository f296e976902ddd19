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
    ['text that is not JSON', Buffer.from('hello'), /^not JSON: unexpected token$/],
    ['JSON with trailing text', Buffer.from('{"a":1}secret'), /^not JSON: syntax error at position 7$/],
    ['JSON cut short', Buffer.from('{"address":"1 Secret St'), /^not JSON: syntax error at position 23$/],
    ['an unfinished value', Buffer.from('{"a":'), /^not JSON: ends at position 5 before the value is complete$/],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x81]), /^not JSON: not UTF-8 text$/],
    ['JSON of the wrong shape', Buffer.from('{"orderId":1}'), /^not a valid order: orderId: must be a UUID/],
    [
      'an unknown menu item',
      Buffer.from(JSON.stringify({ ...randomOrder('direct'), items: { 'TUNA PIZZA': 1 } })),
      /items\.TUNA PIZZA: unknown menu item/,
    ],
  ])('explains %s', (_, value, reason) => {
    const parsed = parseOrder(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  it.each(['hello sushi', '{"a":1}secret', '[1,2,,"secret"]', '{"address":"1 Secret St'])(
    'quotes nothing of the input %j in its reason',
    (text) => {
      const parsed = parseOrder(Buffer.from(text));
      expect(parsed.ok).toBe(false);
      const reason = !parsed.ok ? parsed.reason : '';
      for (const word of text.match(/[A-Za-z]{3,}/g) ?? [])
        expect(reason.toLowerCase()).not.toContain(word.toLowerCase());
    },
  );
});
