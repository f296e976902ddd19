import { deliveryModeFromEnv } from './delivery-mode';

describe('deliveryModeFromEnv', () => {
  it('is exactly-once unless ITUNA_DELIVERY says otherwise', () => {
    expect(deliveryModeFromEnv({})).toBe('exactly-once');
    expect(deliveryModeFromEnv({ ITUNA_DELIVERY: '' })).toBe('exactly-once');
    expect(deliveryModeFromEnv({ ITUNA_DELIVERY: ' At-Least-Once ' })).toBe('at-least-once');
    expect(deliveryModeFromEnv({ ITUNA_DELIVERY: 'exactly-once' })).toBe('exactly-once');
  });

  it('refuses any other value, naming the choices', () => {
    expect(() => deliveryModeFromEnv({ ITUNA_DELIVERY: 'at-most-once' })).toThrow(
      'ITUNA_DELIVERY must be exactly-once or at-least-once (got "at-most-once")',
    );
  });
});
