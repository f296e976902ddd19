import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `npm run chaos [-- --minutes N] [-- --seed S] [-- --instances 1|2] [-- --rate N] [-- --out FILE]
  --minutes N     how long faults are drawn for, over both halves (default 4)
  --seed S        the schedule's seed, a whole number (default: drawn, and printed: it gives the schedule back)
  --instances K   only the half with K instances of each consuming service (default: a half with 1, then one with 2)
  --rate N        POSTs per second (default 20)
  --out FILE      the report's JSON (default tmp/chaos/report-<seed>-<instances>.json)`;

export interface ChaosCliOptions {
  minutes: number;
  seed: number;
  instances: number[];
  rate: number;
  out: (instances: number) => string;
}

/** A command line the chaos run does not take: said in one line, with the usage. */
export class UsageError extends Error {}

export function parseChaosOptions(argv: readonly string[], root: string): ChaosCliOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        minutes: { type: 'string' },
        seed: { type: 'string' },
        instances: { type: 'string' },
        rate: { type: 'string' },
        out: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const number = (name: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min)
      throw new UsageError(`--${name} must be a number of at least ${min} (got "${text}")`);
    return n;
  };
  const seed = number('seed', values.seed, randomInt(1, 2 ** 31), 0);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got "${values.seed}")`);
  if (values.instances !== undefined && !['1', '2'].includes(values.instances))
    throw new UsageError(`--instances must be 1 or 2 (got "${values.instances}")`);
  return {
    minutes: number('minutes', values.minutes, 4, 0.5),
    seed,
    instances: values.instances ? [Number(values.instances)] : [1, 2],
    rate: number('rate', values.rate, 20, 1),
    out: (instances) =>
      values.out !== undefined && values.instances !== undefined
        ? values.out
        : join(root, 'tmp', 'chaos', `report-${seed}-${instances}.json`),
  };
}
