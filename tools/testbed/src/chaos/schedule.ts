/** The faults a chaos run draws from. */
export const FAULT_KINDS = [
  'pause-service',
  'kill-service',
  'pause-broker',
  'kill-broker',
  'pause-coordinator',
  'kill-coordinator',
  'cut',
  'slow',
  'reset',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault of a run: from `at` (ms after the run's start) for `durationMs`, then healed. */
export interface ScheduledFault {
  at: number;
  kind: FaultKind;
  /** A service instance's key, a node id, a coordinator ('transaction:<id>' or 'group:<id>'), or the faulted network. */
  target: string;
  durationMs: number;
  /** `slow`: the latency added to every byte. */
  latencyMs?: number;
}

export interface ScheduleOptions {
  seed: number;
  durationMs: number;
  /** Instance keys of the services that may be paused or killed. */
  services: readonly string[];
  nodes: readonly number[];
  /** Coordinators that may be paused or killed, as 'transaction:<id>' or 'group:<id>'. */
  coordinators: readonly string[];
}

/** How long each kind lasts, in ms: a range each draw falls in. */
const DURATIONS: Record<FaultKind, [number, number]> = {
  // Past the consumers' session timeout (10 s) and the transactions' timeout (15 s) at its longest.
  'pause-service': [3_000, 30_000],
  // Down this long before it starts again.
  'kill-service': [500, 4_000],
  'pause-broker': [3_000, 35_000],
  'kill-broker': [2_000, 15_000],
  'pause-coordinator': [3_000, 35_000],
  'kill-coordinator': [2_000, 15_000],
  cut: [3_000, 20_000],
  slow: [5_000, 15_000],
  reset: [3_000, 10_000],
};

/** Quiet time after each fault heals, before the next: the system's recovery is part of what is tried. */
const GAP_MS: [number, number] = [2_000, 8_000];

/**
 * The fewest faults a run of `durationMs` schedules, whatever the seed: each fault and the gap
 * after it take at most the longest of each, so this many always fit.
 */
export function leastFaults(durationMs: number): number {
  const longest = Math.max(...Object.values(DURATIONS).map(([, hi]) => hi)) + GAP_MS[1];
  return Math.floor(durationMs / longest);
}

/** mulberry32: a small seeded generator, so that a seed gives back its schedule exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The faults of a run, one at a time, drawn from the seed: each a kind, a target and a duration,
 * separated by quiet gaps, all healed by `durationMs`.
 */
export function chaosSchedule({ seed, durationMs, services, nodes, coordinators }: ScheduleOptions): ScheduledFault[] {
  const random = seededRandom(seed);
  const between = ([lo, hi]: [number, number]) => Math.round(lo + random() * (hi - lo));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const faults: ScheduledFault[] = [];
  for (let at = between(GAP_MS); ;) {
    const kind = pick(FAULT_KINDS);
    const duration = between(DURATIONS[kind]);
    if (at + duration > durationMs) break;
    const target =
      kind === 'pause-service' || kind === 'kill-service'
        ? pick(services)
        : kind === 'pause-broker' || kind === 'kill-broker'
          ? String(pick(nodes))
          : kind === 'pause-coordinator' || kind === 'kill-coordinator'
            ? pick(coordinators)
            : 'consumers';
    faults.push({
      at,
      kind,
      target,
      durationMs: duration,
      ...(kind === 'slow' ? { latencyMs: between([100, 500]) } : {}),
    });
    at += duration + between(GAP_MS);
  }
  return faults;
}
