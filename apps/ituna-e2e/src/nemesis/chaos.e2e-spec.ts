import { randomInt } from 'node:crypto';
import { NO_VIOLATIONS, runChaos, violations } from '@ituna/testbed';

/**
 * A minute and a half of faults a half: the bounded run of `npm run chaos` (its default is four
 * minutes, both halves), kept short so that the suite stays under its time; longer runs are
 * `npm run chaos -- --minutes N` (docs/reliability.md).
 */
const HALF_MS = 90_000;
/** A seed of the environment's (ITUNA_CHAOS_SEED) gives a failed run's schedule back; else a new one each run. */
const seed = Number(process.env.ITUNA_CHAOS_SEED ?? randomInt(1, 2 ** 31));

describe(`nemesis: a randomised schedule of every fault (seed ${seed}), then the checker`, () => {
  it.each([1, 2])(
    '%i instance(s) of each consuming service: nothing lost, nothing twice, no aborted read',
    async (instances) => {
      const report = await runChaos({ seed, durationMs: HALF_MS, instances });
      // Every fault the seed's schedule held was applied and healed (a 90 s half holds 2 or more: leastFaults).
      expect(report.faults.length).toBe(report.scheduled);
      expect(violations(report.run.check, report.run.stillRefused)).toEqual(NO_VIOLATIONS);
    },
    420_000,
  );
});
