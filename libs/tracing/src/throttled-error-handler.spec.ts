import { throttledErrorHandler } from './throttled-error-handler';

describe('throttledErrorHandler', () => {
  it('reports the first error, then at most one per interval with a count of the suppressed ones', () => {
    const lines: string[] = [];
    let now = 0;
    const handle = throttledErrorHandler((m) => lines.push(m), 60_000, () => now);
    handle(new Error('14 UNAVAILABLE: No connection established'));
    for (let i = 0; i < 100; i++) {
      now += 500;
      handle(new Error('14 UNAVAILABLE: No connection established'));
    }
    expect(lines).toHaveLength(1);
    now = 61_000;
    handle(new Error('14 UNAVAILABLE: No connection established'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('14 UNAVAILABLE');
    expect(lines[1]).toContain('(100 similar errors since the last report)');
  });
});
