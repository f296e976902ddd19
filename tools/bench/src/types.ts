import type { Summary } from '@ituna/trace-analysis';
import type { HttpResult } from './http-scenario';
import type { Completeness } from './span-completeness';
import type { OverloadResult } from './workloads';

export const SPAN_PHASES = ['burst', 'paced', 'http', 'overload'] as const;
export type SpanPhase = (typeof SPAN_PHASES)[number];
export interface PhaseSpans {
  ended: number;
  exported: number;
  dropped: number;
}

/** What one configuration gave in one round. */
export interface RoundResult {
  /** A configuration's name: A, B, C, D, or A+ (the candidate of `--try`). */
  config: string;
  round: number;
  /** How long the configuration's round took, start to stop. */
  wallSeconds: number;
  throughput: {
    orders: number;
    seconds: number;
    ordersPerSecond: number;
    /** Service CPU per order over the burst, each process's idle use over the same time removed. */
    cpuMsPerOrder: number;
    /** What the processes used per second when idle (removed above). */
    idleCpuMsPerSecond: number;
    /** Jaeger's CPU per order, idle removed likewise: it shares the machine's cores. */
    collectorCpuMsPerOrder: number | null;
  };
  /** Orders written one by one to `ituna-orders` at the paced rate. */
  kafka: { rate: number; seconds: number; orders: number; achievedRate: number; latencyMs: Summary };
  /** A, B and A+: orders written at twice the rate A reached in the same round's burst. */
  overload?: OverloadResult;
  /** `POST /orders` at the paced rate (services only). */
  http?: Omit<HttpResult, 'ids'>;
  /** Traced configurations: spans found in Jaeger over spans expected, per phase. */
  spans?: { burst: Completeness; paced: Completeness; http: Completeness };
  /** Traced configurations, over the whole round: spans ended, and those never exported (a full queue, a failed export). */
  spansNotExported?: { ended: number; notExported: number; failedExport: number; dropped: number };
  /** The services' spans phase by phase: ended, exported and dropped by a full queue from its start to the next's. */
  spanPhases?: Partial<Record<SpanPhase, PhaseSpans>>;
  /** Each process's start to healthy, all of the configuration's starting at once. */
  startupMs: Record<string, number>;
  /** A, B and A+: one service (STARTED_ALONE) started with nothing else starting. */
  startupAloneMs?: number;
  /** Resident memory right after the burst. */
  rssMb: Record<string, number | null>;
}
