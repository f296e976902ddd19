import { CANDIDATE, Configuration, STARTED_ALONE } from './configurations';
import { Spread, ratio, spread, sum } from './spread';
import type { StoreCapacity } from './store-capacity';
import { SPAN_PHASES, type PhaseSpans, type RoundResult, type SpanPhase } from './types';

export interface ConfigurationSummary {
  label: string;
  rounds: number;
  ordersPerSecond: Spread;
  cpuMsPerOrder: Spread;
  idleCpuMsPerSecond: Spread;
  collectorCpuMsPerOrder: Spread;
  kafkaP50: Spread;
  kafkaP95: Spread;
  kafkaP99: Spread;
  /** A, B and A+: throughput with twice A's burst rate offered for a few seconds. */
  overload?: { ordersPerSecond: Spread; offeredPerSecond: Spread };
  http?: { acceptedP50: Spread; acceptedP99: Spread; readyP50: Spread; readyP99: Spread; failed: number };
  /** The lowest over the rounds: a span lost in any round shows. */
  spanCompleteness?: { burst: number; paced: number; http: number };
  /** Over all rounds: spans the services ended, and those never exported (dropped by a full queue or a failed export). */
  spansEnded?: number;
  spansNotExported?: number;
  /** Traced configurations, all rounds: the services' spans phase by phase. */
  spanPhases?: Partial<Record<SpanPhase, PhaseSpans>>;
  /** Per round, the slowest of the processes started at once (to healthy). */
  startupAllMs: Spread;
  /** A, B and A+: one service started alone. */
  startupAloneMs?: Spread;
  /** Per process, the slowest round's start-up and the largest RSS after the burst. */
  startupMs: Record<string, number>;
  rssMb: Record<string, number>;
}

export interface BenchSummary {
  /** Where the bench's own Jaeger kept the spans (`--jaeger-storage`). */
  jaegerStorage: string;
  /** By configuration name, in the order measured. */
  configs: Record<string, ConfigurationSummary>;
  /** The candidate's settings (`--try`), when there was one. */
  candidateEnv?: Record<string, string>;
  /** Jaeger with Badger alone: the spans per second it stores, measured after the rounds. */
  storeCapacity?: StoreCapacity;
  /** NaN where a configuration of the ratio was not measured. */
  ratios: {
    throughputAoverB: number;
    throughputAoverC: number;
    throughputAoverD: number;
    /** Service CPU per order that tracing adds (A - B), in ms. */
    cpuMsPerOrderAminusB: number;
    /** NestJS's path over the same work on kafkajs alone. */
    cpuPerOrderBoverC: number;
    kafkaP50AminusBms: number;
    httpReadyP50AminusBms: number;
    kafkaP99AoverD: number;
    /** A/B with twice A's burst rate offered, and that over the burst's A/B (1 when tracing holds up as well under overload). */
    overloadThroughputAoverB: number;
    overloadAoverBOverBurstAoverB: number;
    /** The candidate (A+) against A, measured in the same rounds. */
    throughputCandidateOverA: number;
    throughputCandidateOverB: number;
    cpuMsPerOrderCandidateMinusA: number;
    kafkaP50CandidateMinusAms: number;
    kafkaP99CandidateMinusAms: number;
  };
}

export function summarize(
  configurations: readonly Configuration[],
  runs: readonly RoundResult[],
  jaegerStorage: string,
  storeCapacity?: StoreCapacity,
): BenchSummary {
  const configs = Object.fromEntries(
    configurations.map((cfg) => [
      cfg.name,
      summarizeConfig(
        cfg,
        runs.filter((r) => r.config === cfg.name),
      ),
    ]),
  );
  const [A, B, C, D, P] = ['A', 'B', 'C', 'D', CANDIDATE].map((name) => configs[name] ?? NOT_MEASURED);
  const candidateEnv = configurations.find((cfg) => cfg.name === CANDIDATE)?.env;
  const throughputAoverB = ratio(A.ordersPerSecond.median, B.ordersPerSecond.median);
  const overloadThroughputAoverB = ratio(
    A.overload?.ordersPerSecond.median ?? Number.NaN,
    B.overload?.ordersPerSecond.median ?? Number.NaN,
  );
  return {
    jaegerStorage,
    configs,
    ...(candidateEnv ? { candidateEnv } : {}),
    ...(storeCapacity ? { storeCapacity } : {}),
    ratios: {
      throughputAoverB,
      throughputAoverC: ratio(A.ordersPerSecond.median, C.ordersPerSecond.median),
      throughputAoverD: ratio(A.ordersPerSecond.median, D.ordersPerSecond.median),
      cpuMsPerOrderAminusB: A.cpuMsPerOrder.median - B.cpuMsPerOrder.median,
      cpuPerOrderBoverC: ratio(B.cpuMsPerOrder.median, C.cpuMsPerOrder.median),
      kafkaP50AminusBms: A.kafkaP50.median - B.kafkaP50.median,
      httpReadyP50AminusBms: (A.http?.readyP50.median ?? Number.NaN) - (B.http?.readyP50.median ?? Number.NaN),
      kafkaP99AoverD: ratio(A.kafkaP99.median, D.kafkaP99.median),
      overloadThroughputAoverB,
      overloadAoverBOverBurstAoverB: ratio(overloadThroughputAoverB, throughputAoverB),
      throughputCandidateOverA: ratio(P.ordersPerSecond.median, A.ordersPerSecond.median),
      throughputCandidateOverB: ratio(P.ordersPerSecond.median, B.ordersPerSecond.median),
      cpuMsPerOrderCandidateMinusA: P.cpuMsPerOrder.median - A.cpuMsPerOrder.median,
      kafkaP50CandidateMinusAms: P.kafkaP50.median - A.kafkaP50.median,
      kafkaP99CandidateMinusAms: P.kafkaP99.median - A.kafkaP99.median,
    },
  };
}

function summarizeConfig(cfg: Configuration, rs: readonly RoundResult[]): ConfigurationSummary {
  const of = (f: (r: RoundResult) => number | null | undefined) => spread(rs.map((r) => f(r) ?? Number.NaN));
  const withHttp = rs.filter((r) => r.http);
  const withOverload = rs.filter((r) => r.overload);
  const withSpans = rs.filter((r) => r.spans);
  return {
    label: cfg.label,
    rounds: rs.length,
    ordersPerSecond: of((r) => r.throughput.ordersPerSecond),
    cpuMsPerOrder: of((r) => r.throughput.cpuMsPerOrder),
    idleCpuMsPerSecond: of((r) => r.throughput.idleCpuMsPerSecond),
    collectorCpuMsPerOrder: of((r) => r.throughput.collectorCpuMsPerOrder),
    kafkaP50: of((r) => r.kafka.latencyMs.p50),
    kafkaP95: of((r) => r.kafka.latencyMs.p95),
    kafkaP99: of((r) => r.kafka.latencyMs.p99),
    ...(withOverload.length
      ? {
          overload: {
            ordersPerSecond: of((r) => r.overload?.ordersPerSecond),
            offeredPerSecond: of((r) => r.overload?.rate),
          },
        }
      : {}),
    ...(withHttp.length
      ? {
          http: {
            acceptedP50: of((r) => r.http?.acceptedLatencyMs.p50),
            acceptedP99: of((r) => r.http?.acceptedLatencyMs.p99),
            readyP50: of((r) => r.http?.readyLatencyMs.p50),
            readyP99: of((r) => r.http?.readyLatencyMs.p99),
            failed: withHttp.reduce((sum, r) => sum + (r.http?.failed ?? 0), 0),
          },
        }
      : {}),
    ...(withSpans.length
      ? {
          spanCompleteness: {
            burst: Math.min(...withSpans.map((r) => r.spans?.burst.completeness ?? 0)),
            paced: Math.min(...withSpans.map((r) => r.spans?.paced.completeness ?? 0)),
            http: Math.min(...withSpans.map((r) => r.spans?.http.completeness ?? 0)),
          },
        }
      : {}),
    ...(rs.some((r) => r.spansNotExported?.ended)
      ? {
          spansEnded: sum(rs.map((r) => r.spansNotExported?.ended ?? 0)),
          spansNotExported: sum(rs.map((r) => r.spansNotExported?.notExported ?? 0)),
        }
      : {}),
    ...(rs.some((r) => r.spanPhases) ? { spanPhases: sumPhases(rs) } : {}),
    startupAllMs: of((r) => Math.max(...Object.values(r.startupMs))),
    ...(rs.some((r) => r.startupAloneMs !== undefined) ? { startupAloneMs: of((r) => r.startupAloneMs) } : {}),
    startupMs: maxPerProcess(rs.map((r) => r.startupMs)),
    rssMb: maxPerProcess(rs.map((r) => r.rssMb)),
  };
}

function sumPhases(rs: readonly RoundResult[]): Partial<Record<SpanPhase, PhaseSpans>> {
  const out: Partial<Record<SpanPhase, PhaseSpans>> = {};
  for (const phase of SPAN_PHASES) {
    const of = rs.map((r) => r.spanPhases?.[phase]).filter((p): p is PhaseSpans => p !== undefined);
    if (of.length)
      out[phase] = {
        ended: sum(of.map((p) => p.ended)),
        exported: sum(of.map((p) => p.exported)),
        dropped: sum(of.map((p) => p.dropped)),
      };
  }
  return out;
}

/** Stands in for a configuration this run did not measure: every figure NaN, so its ratios read "-". */
const NOT_MEASURED = summarizeConfig({ name: '-', label: '-', kind: 'services', env: {} }, []);

function maxPerProcess(records: readonly Record<string, number | null>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const record of records)
    for (const [k, v] of Object.entries(record)) if (v !== null) out[k] = Math.max(out[k] ?? 0, v);
  return out;
}

/** "median (min-max)", each with `digits` decimals. */
const cell = (s: Spread | undefined, digits: number, width: number) =>
  (s && Number.isFinite(s.median)
    ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`
    : '-'
  ).padStart(width);

export function renderTable(summary: BenchSummary, params: { pacedRate: number; rounds: number }): string {
  const { configs: c, ratios: r } = summary;
  const names = Object.keys(c);
  const traced = names.filter((n) => c[n].spanCompleteness);
  const f = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const head = (cols: [string, number][]) => cols.map(([t, w], i) => (i ? t.padStart(w) : t.padEnd(w))).join(' ');
  const store = ` [${summary.jaegerStorage}]`;
  const lines = [
    `median (min-max) of ${params.rounds} round(s) each; [the bench's Jaeger storage]`,
    head([
      ['configuration', 31],
      ['orders/s', 18],
      ['CPU ms/order', 22],
      ['Jaeger ms/order', 22],
      [`Kafka p50 ms at ${params.pacedRate}/s`, 24],
      ['p99 ms', 22],
    ]),
    ...names.map((n) =>
      [
        `${c[n].label}${store}`.padEnd(31 + store.length),
        cell(c[n].ordersPerSecond, 0, 18),
        cell(c[n].cpuMsPerOrder, 3, 22),
        cell(c[n].collectorCpuMsPerOrder, 3, 22),
        cell(c[n].kafkaP50, 1, 24),
        cell(c[n].kafkaP99, 1, 22),
      ].join(' '),
    ),
    '',
    head([
      [`HTTP POST /orders at ${params.pacedRate}/s`, 31],
      ['202 p50 ms', 18],
      ['202 p99 ms', 22],
      ['ready p50 ms', 22],
      ['ready p99 ms', 24],
      ['not 202', 22],
    ]),
    ...names
      .filter((n) => c[n].http)
      .map((n) => {
        const h = c[n].http as NonNullable<ConfigurationSummary['http']>;
        return [
          `${c[n].label}${store}`.padEnd(31 + store.length),
          cell(h.acceptedP50, 1, 18),
          cell(h.acceptedP99, 1, 22),
          cell(h.readyP50, 1, 22),
          cell(h.readyP99, 1, 24),
          String(h.failed).padStart(22),
        ].join(' ');
      }),
    '',
    `tracing: throughput A/B ${f(r.throughputAoverB)}   service CPU per order A-B ${f(r.cpuMsPerOrderAminusB)} ms   Kafka p50 A-B ${f(r.kafkaP50AminusBms, 2)} ms   HTTP-to-ready p50 A-B ${f(r.httpReadyP50AminusBms, 2)} ms`,
    `NestJS: throughput A/C ${f(r.throughputAoverC)}   service CPU per order B/C ${f(r.cpuPerOrderBoverC, 2)} (C does the same work on kafkajs alone)`,
    `overload, twice A's burst rate offered (${cell(c[names.find((n) => c[n].overload) ?? '']?.overload?.offeredPerSecond, 0, 0)} orders/s): ${names
      .filter((n) => c[n].overload)
      .map((n) => `${n} ${cell(c[n].overload?.ordersPerSecond, 0, 0)} orders/s`)
      .join('   ')}   A/B ${f(r.overloadThroughputAoverB)}, ${f(r.overloadAoverBOverBurstAoverB)} of the burst's A/B`,
    `delivery modes: exactly-once (A) over at-least-once (D): throughput ${f(r.throughputAoverD)}   Kafka p99 ${f(r.kafkaP99AoverD, 2)}`,
    ...(summary.candidateEnv
      ? [
          `candidate A+ (${Object.entries(summary.candidateEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(
              ' ',
            )}): throughput A+/A ${f(r.throughputCandidateOverA)}   A+/B ${f(r.throughputCandidateOverB)}   service CPU per order A+ - A ${f(r.cpuMsPerOrderCandidateMinusA)} ms   Kafka p50 A+ - A ${f(r.kafkaP50CandidateMinusAms, 2)} ms   p99 ${f(r.kafkaP99CandidateMinusAms, 1)} ms`,
        ]
      : []),
    ...traced.map(
      (n) =>
        `span completeness (${n}, lowest round): burst ${f(c[n].spanCompleteness?.burst ?? Number.NaN)}   paced ${f(c[n].spanCompleteness?.paced ?? Number.NaN)}   HTTP ${f(c[n].spanCompleteness?.http ?? Number.NaN)}`,
    ),
    `spans never exported (a full queue or a failed export), all rounds: ${names
      .filter((n) => c[n].spansEnded)
      .map((n) => `${n} ${c[n].spansNotExported} of ${c[n].spansEnded}`)
      .join('   ')}`,
    ...names
      .filter((n) => c[n].spanPhases)
      .map(
        (n) =>
          `spans by phase, all rounds, ended / exported / dropped by a full queue (${n}): ${SPAN_PHASES.filter(
            (phase) => c[n].spanPhases?.[phase],
          )
            .map((phase) => {
              const p = c[n].spanPhases?.[phase] as PhaseSpans;
              return `${phase} ${p.ended} / ${p.exported} / ${p.dropped}`;
            })
            .join('   ')}`,
      ),
    `idle CPU removed, ms/s: ${names.map((n) => `${n} ${f(c[n].idleCpuMsPerSecond.median, 1)}`).join('   ')}`,
    `start-up to healthy, ms: the slowest of all starting at once ${names
      .filter((n) => c[n].startupAloneMs)
      .map((n) => `${n} ${cell(c[n].startupAllMs, 0, 0)}`)
      .join('   ')}   ${STARTED_ALONE} alone ${names
      .filter((n) => c[n].startupAloneMs)
      .map((n) => `${n} ${cell(c[n].startupAloneMs, 0, 0)}`)
      .join('   ')}`,
    ...(summary.storeCapacity ? [storeCapacityLine(summary.storeCapacity)] : []),
    `RSS MB after the burst, largest: ${names.map((n) => `${n} ${JSON.stringify(c[n].rssMb)}`).join(' ')}`,
  ];
  return lines.join('\n');
}

/** The trace store's own line: what Jaeger stores per second alone, and its CPU per span. */
export function storeCapacityLine(s: StoreCapacity): string {
  return `trace store capacity (Jaeger with ${s.storage} alone, OTLP gRPC): ${s.spansPerSecond.toFixed(0)} spans/s stored   Jaeger CPU ${s.cpuUsPerSpan.toFixed(1)} us/span   (${s.spans} spans in ${s.seconds.toFixed(1)} s; sampled traces whole ${s.completeness.toFixed(3)})`;
}
