import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { join } from 'node:path';
import { JAEGER_STORAGES } from '@ituna/stack';
import type { JaegerStorage } from '@ituna/stack';
import { CONFIGURATIONS } from './configurations';

/** What one benchmark run does; `npm run bench -- --help` lists the flags. */
export interface BenchOptions {
  rounds: number;
  /** Orders written at once for the throughput figure. */
  burstOrders: number;
  /** Orders per second, and for how long, for the latency figures (Kafka and HTTP scenarios). */
  pacedRate: number;
  pacedSeconds: number;
  /** How long the overload phase writes at twice A's burst throughput. */
  overloadSeconds: number;
  /** Orders per phase (burst, paced) whose traces are checked for completeness. */
  spanSample: number;
  /** Synthetic traces sent straight to Jaeger to measure the store's capacity. */
  capacityTraces: number;
  out: string;
  /** Configurations measured (`--configs A,B`); all when absent. */
  configs?: string[];
  /** A candidate change's environment (`--try KEY=VALUE,...`), measured as A+ beside the others. */
  candidateEnv?: Record<string, string>;
  /** Where the bench's own Jaeger keeps the spans (`--jaeger-storage`); memory by default. */
  jaegerStorage: JaegerStorage;
}

export const USAGE = `npm run bench [-- --quick] [-- --rounds N] [-- --orders N] [-- --rate N] [-- --seconds N] [-- --out file.json]
  --quick        a small run (1 round, few orders): checks the harness, not the speed
  --rounds N     rounds of A B C D, alternating (default 5)
  --orders N     orders of the burst that measures throughput (default 2000)
  --rate N       orders per second of the paced phases that measure latency (default 200)
  --seconds N    length of each paced phase (default 6)
  --overload-seconds N  length of the overload phase, writing at twice A's burst rate (default 5)
  --out FILE     where the JSON results go (default tmp/bench/results.json)
  --configs LIST configurations measured, e.g. A,B (default A,B,C,D)
  --try K=V,...  also measure A+: A with these environment variables (a candidate change, side by side);
                 BENCH_NODE_FLAGS="--flag=value ..." gives A+'s services Node flags after their own
  --jaeger-storage memory|badger  where the bench's own Jaeger keeps the spans (default memory: the
                 services' cost apart from storing traces; badger is npm start's default)`;

/** A command line the bench does not take: said in one line, with the usage. */
export class UsageError extends Error {}

/** Parses the command line strictly: an unknown flag, a missing value or a bad number is an error. */
export function parseBenchOptions(argv: readonly string[], root: string): BenchOptions {
  return asUsageError(() => fromValues(parse(argv), root));
}

/**
 * Runs a bench's option parsing; node:util's parseArgs says what is wrong (unknown option, missing
 * value) in its message, which becomes a UsageError like the bench's own checks.
 */
export function asUsageError<T>(parseOptions: () => T): T {
  try {
    return parseOptions();
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}

/** Runs a bench's main: exit 0 when done, 2 with the usage for a bad command line, 1 with the stack otherwise. */
export function runBench(name: string, usage: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      if (err instanceof UsageError) {
        console.error(`[${name}] ${err.message}\n${usage}`);
        process.exit(2);
      }
      console.error(`[${name}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}

/** The flags every bench command takes (`npm run bench`, `bench:spans`, `bench:scaling`). */
export const COMMON_FLAGS = {
  quick: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  orders: { type: 'string' },
  out: { type: 'string' },
} as const;

function parse(argv: readonly string[]) {
  return strictFlags(argv, {
    rate: { type: 'string' },
    seconds: { type: 'string' },
    'overload-seconds': { type: 'string' },
    configs: { type: 'string' },
    try: { type: 'string' },
    'jaeger-storage': { type: 'string' },
  });
}

/** A bench's flags, COMMON_FLAGS and its own, parsed strictly (no unknown flag, no positional). */
export function strictFlags<O extends ParseArgsOptionsConfig>(argv: readonly string[], own: O) {
  return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { ...COMMON_FLAGS, ...own } })
    .values;
}

function fromValues(values: ReturnType<typeof parse>, root: string): BenchOptions {
  const quick = values.quick ?? false;
  return {
    rounds: positiveInteger('rounds', values.rounds, quick ? 1 : 5),
    burstOrders: positiveInteger('orders', values.orders, quick ? 300 : 2000),
    pacedRate: positiveInteger('rate', values.rate, quick ? 50 : 200),
    pacedSeconds: positiveInteger('seconds', values.seconds, quick ? 3 : 6),
    overloadSeconds: positiveInteger('overload-seconds', values['overload-seconds'], quick ? 2 : 5),
    spanSample: quick ? 10 : 60,
    capacityTraces: quick ? 1000 : 10_000,
    out: values.out ?? join(root, 'tmp', 'bench', quick ? 'results-quick.json' : 'results.json'),
    ...(values.configs !== undefined ? { configs: configNames(values.configs) } : {}),
    ...(values.try !== undefined ? { candidateEnv: environment(values.try) } : {}),
    jaegerStorage: jaegerStorage(values['jaeger-storage']),
  };
}

function jaegerStorage(text: string | undefined): JaegerStorage {
  if (text === undefined) return 'memory';
  const storage = JAEGER_STORAGES.find((s) => s === text);
  if (!storage) throw new UsageError(`--jaeger-storage takes ${JAEGER_STORAGES.join(' or ')} (got "${text}")`);
  return storage;
}

function configNames(text: string): string[] {
  const names = text.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !CONFIGURATIONS.some((c) => c.name === n));
  if (unknown.length || !names.length)
    throw new UsageError(`--configs takes names among ${CONFIGURATIONS.map((c) => c.name).join(',')} (got "${text}")`);
  return names;
}

function environment(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair.trim());
      if (!match) throw new UsageError(`--try takes KEY=VALUE pairs separated by commas (got "${text}")`);
      return [match[1], match[2]];
    }),
  );
}

/** A flag's whole number above 0, or its default when absent. */
export function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a whole number above 0 (got "${text}")`);
  return value;
}
