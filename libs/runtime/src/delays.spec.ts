import { DEFAULT_DELAYS, delaysFromEnv, sleep } from './delays';

describe('delaysFromEnv', () => {
  it('defaults to the original proof of concept', () => {
    expect(delaysFromEnv({})).toEqual(DEFAULT_DELAYS);
    expect(DEFAULT_DELAYS).toMatchObject({ address: 70, name: 50, inventory: 120, republish: 100, kitchen: 140 });
  });

  it('sets every step to zero with one switch, and lets one step be set on top', () => {
    const d = delaysFromEnv({ ITUNA_ZERO_DELAYS: 'true', ITUNA_DELAY_INVENTORY_MS: '800' });
    expect(d.inventory).toBe(800);
    expect(
      Object.entries(d)
        .filter(([k]) => k !== 'inventory')
        .every(([, v]) => v === 0),
    ).toBe(true);
  });

  it('refuses a value that is not a duration', () => {
    expect(() => delaysFromEnv({ ITUNA_DELAY_KITCHEN_MS: 'soon' })).toThrow(
      'ITUNA_DELAY_KITCHEN_MS must be a number of milliseconds >= 0 (got "soon")',
    );
  });
});

describe('sleep', () => {
  it('never returns before the time asked, by the monotonic clock', async () => {
    for (const ms of [1, 7, 20]) {
      const t0 = performance.now();
      await sleep(ms);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(ms);
    }
  });
});
