import { join } from 'node:path';
import { UsageError, asUsageError, positiveInteger, strictFlags } from '../options';
import type { Delays } from './types';

export interface ScalingOptions {
  rounds: number;
  /** Orders of each burst with the default delays (waiting work: a few per second per partition). */
  delayedOrders: number;
  /** Orders of each burst with zero delays (CPU work). */
  orders: number;
  partitions: number[];
  instances: number[];
  delays: Delays[];
  out: string;
}

export const SCALING_USAGE = `npm run bench:scaling [-- --quick] [-- --rounds N] [-- --orders N] [-- --delayed-orders N] [-- --partitions 3,6] [-- --instances 1,2,3] [-- --delays default,zero] [-- --out file.json]
  --quick            a small run (1 round, few orders, 3 partitions, 1 and 2 instances): checks the harness, not the speed
  --rounds N         rounds of every case, alternating (default 3)
  --orders N         orders of each burst with zero delays (default 1500)
  --delayed-orders N orders of each burst with the default delays (default 120)
  --partitions LIST  partitions of every topic, one block each on a fresh broker (default 3,6)
  --instances LIST   instances of order-validation and of kitchen-service (default 1,2,3)
  --delays LIST      default (the services' simulated work), zero (none), or both (default)
  --out FILE         where the JSON results go (default tmp/bench/scaling.json)`;

/** Parses the command line strictly: an unknown flag, a missing value or a bad number is an error. */
export function parseScalingOptions(argv: readonly string[], root: string): ScalingOptions {
  return asUsageError(() => fromValues(parse(argv), root));
}

function parse(argv: readonly string[]) {
  return strictFlags(argv, {
    'delayed-orders': { type: 'string' },
    partitions: { type: 'string' },
    instances: { type: 'string' },
    delays: { type: 'string' },
  });
}

function fromValues(values: ReturnType<typeof parse>, root: string): ScalingOptions {
  const quick = values.quick ?? false;
  const delays = (values.delays ?? 'default,zero').split(',').map((d) => d.trim());
  if (!delays.length || delays.some((d) => d !== 'default' && d !== 'zero'))
    throw new UsageError(`--delays takes default, zero or both (got "${values.delays}")`);
  return {
    rounds: positiveInteger('rounds', values.rounds, quick ? 1 : 3),
    orders: positiveInteger('orders', values.orders, quick ? 200 : 1500),
    delayedOrders: positiveInteger('delayed-orders', values['delayed-orders'], quick ? 30 : 120),
    partitions: numbers('partitions', values.partitions ?? (quick ? '3' : '3,6')),
    instances: numbers('instances', values.instances ?? (quick ? '1,2' : '1,2,3')),
    delays: [...new Set(delays)] as Delays[],
    out: values.out ?? join(root, 'tmp', 'bench', quick ? 'scaling-quick.json' : 'scaling.json'),
  };
}

/** A comma-separated list of whole numbers above 0, in the order given, without repeats. */
function numbers(name: string, text: string): number[] {
  const values = text.split(',').map((v) => positiveInteger(name, v.trim(), Number.NaN));
  return [...new Set(values)];
}
