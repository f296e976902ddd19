import { simulatedDelayMs, sleep } from './delays';

describe('simulatedDelayMs', () => {
  it("is the variable's value when set, else 0 under ITUNA_ZERO_DELAYS, else the default", () => {
    expect(simulatedDelayMs(800, true, 120)).toBe(800);
    expect(simulatedDelayMs(undefined, true, 120)).toBe(0);
    expect(simulatedDelayMs(undefined, false, 120)).toBe(120);
    expect(simulatedDelayMs(undefined, undefined, 120)).toBe(120);
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
