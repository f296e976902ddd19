import { BadRequestException } from '@nestjs/common';
import { bodyDigest, orderIdForKey, parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('takes 1 to 255 visible ASCII characters, and nothing without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('order-2026-11-26/42:retry')).toBe('order-2026-11-26/42:retry');
    expect(parseIdempotencyKey('~'.repeat(255))).toHaveLength(255);
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a space', 'two words'],
    ['a control character', 'key\u0007'],
    ['a non-ASCII letter', 'clé'],
  ])('answers 400 for %s', (_, raw) => {
    expect(() => parseIdempotencyKey(raw)).toThrow(BadRequestException);
    expect(() => parseIdempotencyKey(raw)).toThrow(
      'Idempotency-Key must be one value of 1 to 255 visible ASCII characters',
    );
  });

  it('answers 400 for the header sent twice', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(BadRequestException);
  });
});

describe('orderIdForKey', () => {
  it('names the same order for the same channel and key, another for another channel or key', () => {
    const id = orderIdForKey('website', 'k1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(orderIdForKey('website', 'k1')).toBe(id);
    expect(orderIdForKey('onsite', 'k1')).not.toBe(id);
    expect(orderIdForKey('website', 'k2')).not.toBe(id);
  });
});

describe('bodyDigest', () => {
  it('does not depend on key order, and changes with any value', () => {
    expect(bodyDigest({ items: { A: 1, B: 2 }, address: 'x' })).toBe(
      bodyDigest({ address: 'x', items: { B: 2, A: 1 } }),
    );
    expect(bodyDigest({ items: { A: 1 } })).not.toBe(bodyDigest({ items: { A: 2 } }));
  });
});
