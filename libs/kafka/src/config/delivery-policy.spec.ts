import { backoffDelay, deliveryPolicyFromEnv, DEFAULT_DELIVERY_POLICY } from './delivery-policy';

describe('deliveryPolicyFromEnv', () => {
  it('defaults to 3 attempts, 300 ms apart at first', () => {
    expect(deliveryPolicyFromEnv({})).toEqual(DEFAULT_DELIVERY_POLICY);
    expect(DEFAULT_DELIVERY_POLICY.attempts).toBe(3);
  });

  it('reads ITUNA_HANDLER_ATTEMPTS and ITUNA_HANDLER_BACKOFF_MS', () => {
    expect(deliveryPolicyFromEnv({ ITUNA_HANDLER_ATTEMPTS: '5', ITUNA_HANDLER_BACKOFF_MS: '50' })).toMatchObject({
      attempts: 5,
      backoffMs: 50,
    });
  });

  it.each([
    ['ITUNA_HANDLER_ATTEMPTS', '0'],
    ['ITUNA_HANDLER_ATTEMPTS', 'three'],
    ['ITUNA_HANDLER_BACKOFF_MS', '-1'],
  ])('refuses %s=%s naming it', (name, value) => {
    expect(() => deliveryPolicyFromEnv({ [name]: value })).toThrow(name);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, within ±20%', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 300, 2000, () => 0.5))).toEqual([300, 600, 1200, 2000, 2000]);
    expect(backoffDelay(1, 300, 2000, () => 0)).toBe(240);
    expect(backoffDelay(1, 300, 2000, () => 1)).toBe(360);
  });

  it('keeps the default three attempts within about two seconds', () => {
    const worst = backoffDelay(1, 300, 10_000, () => 1) + backoffDelay(2, 300, 10_000, () => 1);
    expect(worst).toBeLessThanOrEqual(2000);
  });
});
