import { CONFIGURATIONS, checksCompleteness, comparesTracing, configurationsFor, countsSpans } from './configurations';

/** A, B, C, D and a candidate A+. */
const all = configurationsFor(undefined, { BENCH_NODE_FLAGS: '--x' });

describe('the configurations', () => {
  it('adds A+ after those chosen, with the candidate environment', () => {
    expect(configurationsFor(['A', 'B'], { K: 'v' }).map((c) => [c.name, c.env])).toEqual([
      ['A', {}],
      ['B', { OTEL_SDK_DISABLED: 'true' }],
      ['A+', { K: 'v' }],
    ]);
    expect(configurationsFor(undefined, undefined)).toEqual(CONFIGURATIONS);
  });

  it('counts spans where the services trace (A, D, A+), not with tracing off (B) nor in the relay (C)', () => {
    expect(all.map((c) => [c.name, countsSpans(c)])).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
      ['D', true],
      ['A+', true],
    ]);
  });

  it('compares tracing with A, B and A+, and looks for the spans of A and A+ in Jaeger', () => {
    expect(all.filter(comparesTracing).map((c) => c.name)).toEqual(['A', 'B', 'A+']);
    expect(all.filter(checksCompleteness).map((c) => c.name)).toEqual(['A', 'A+']);
  });
});
