import { TOPICS } from '@ituna/contracts';
import type { BenchBroker } from './bench-broker';
import {
  Configuration,
  STARTED_ALONE,
  checksCompleteness,
  comparesTracing,
  countsSpans,
  deliveryMode,
} from './configurations';
import { benchPort, spanCountsNow, startFleet, startService, stopFleet } from './fleet';
import { httpScenario } from './http-scenario';
import type { BenchOptions } from './options';
import { CpuMeter, rssMb } from './process-stats';
import { watchReady } from './ready-watcher';
import { spanCompleteness, uniformSample } from './span-completeness';
import { sum } from './spread';
import type { PhaseSpans, RoundResult, SpanPhase } from './types';
import { burst, overload, paced } from './workloads';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The consumer groups of each kind of configuration, and the topic each reads. */
export const GROUPS = {
  services: { 'order-validation-server': TOPICS.orders, 'kitchen-service-server': TOPICS.kitchen },
  relay: { 'bench-relay-validation': TOPICS.orders, 'bench-relay-kitchen': TOPICS.kitchen },
} as const;

export interface RoundContext {
  root: string;
  broker: BenchBroker;
  queryUrl: string;
  collectorPid?: number;
  options: BenchOptions;
}

/**
 * One configuration, one round: start it, warm it up, measure it, stop it. `baselineRate` is A's
 * burst throughput in this round: the overload phase offers twice that to A, B and A+ alike.
 */
export async function runRound(
  ctx: RoundContext,
  cfg: Configuration,
  round: number,
  baselineRate?: number,
): Promise<RoundResult> {
  const startedAt = Date.now();
  const kafka = ctx.broker.client('ituna-bench');
  // No backlog from the configuration before: every group starts at the end of its topic.
  await moveGroupsToEnd(ctx.broker, GROUPS[cfg.kind]);
  let startupAloneMs: number | undefined;
  if (comparesTracing(cfg)) {
    const alone = await startService(ctx.root, cfg, ctx.broker.address, STARTED_ALONE);
    startupAloneMs = alone.startupMs;
    await stopFleet([alone]);
  }
  const fleet = await startFleet(ctx.root, cfg, ctx.broker.address);
  const watcher = await watchReady(kafka);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let result: RoundResult;
  try {
    const http = comparesTracing(cfg);
    // Warm-up: groups joined, transactional producers made, code paths hot.
    await burst(producer, watcher, 50);
    if (http) await httpScenario(benchPort('onsite-ordering'), watcher, 20, 1);
    // The warm-up's spans leave within a batch delay (1 s); exporting them is not idle work.
    await sleep(1500);

    // Spans phase by phase: the services' counts at each phase's start (traced configurations).
    const traced = countsSpans(cfg);
    const marks: [SpanPhase | 'end', Awaited<ReturnType<typeof spanCountsNow>>][] = [];
    const mark = async (phase: SpanPhase | 'end') => {
      if (traced) marks.push([phase, await spanCountsNow(fleet)]);
    };

    const services = new CpuMeter(fleet.map((p) => p.child.pid as number));
    const collector = ctx.collectorPid ? new CpuMeter([ctx.collectorPid]) : undefined;
    const [idleCpuMsPerSecond] = await Promise.all([services.measureIdle(2000), collector?.measureIdle(2000)]);
    await mark('burst');
    const serviceWindow = services.start();
    const collectorWindow = collector?.start();
    const b = await burst(producer, watcher, ctx.options.burstOrders);
    await sleep(1500); // the burst's last spans are exported within a batch delay
    const cpu = serviceWindow.end();
    const collectorCpu = collectorWindow?.end();
    const memory = Object.fromEntries(fleet.map((p) => [p.name, rssMb(p.child.pid as number)]));

    await mark('paced');
    const k = await paced(producer, watcher, ctx.options.pacedRate, ctx.options.pacedSeconds);
    if (http) await mark('http');
    const h = http
      ? await httpScenario(benchPort('onsite-ordering'), watcher, ctx.options.pacedRate, ctx.options.pacedSeconds)
      : undefined;
    // Equal work: the same offered rate for each, A's own when A was not measured before.
    if (comparesTracing(cfg)) await mark('overload');
    const o = comparesTracing(cfg)
      ? await overload(producer, watcher, 2 * (baselineRate ?? b.ordersPerSecond), ctx.options.overloadSeconds)
      : undefined;
    // The last phase's spans are exported within a batch delay or three, before they are counted.
    if (traced) await sleep(3000);
    await mark('end');

    let spans: RoundResult['spans'];
    if (checksCompleteness(cfg)) {
      const mode = deliveryMode(cfg);
      spans = {
        burst: await spanCompleteness(ctx.queryUrl, uniformSample(b.ids, ctx.options.spanSample), false, mode),
        paced: await spanCompleteness(ctx.queryUrl, uniformSample(k.ids, ctx.options.spanSample), false, mode),
        http: await spanCompleteness(ctx.queryUrl, uniformSample(h?.ids ?? [], ctx.options.spanSample), true, mode),
      };
    }
    result = {
      config: cfg.name,
      round,
      wallSeconds: 0,
      throughput: {
        orders: b.orders,
        seconds: b.seconds,
        ordersPerSecond: b.ordersPerSecond,
        cpuMsPerOrder: cpu.cpuMs / b.orders,
        idleCpuMsPerSecond,
        collectorCpuMsPerOrder: collectorCpu ? collectorCpu.cpuMs / b.orders : null,
      },
      kafka: {
        rate: k.rate,
        seconds: k.seconds,
        orders: k.orders,
        achievedRate: k.achievedRate,
        latencyMs: k.latencyMs,
      },
      ...(o ? { overload: o } : {}),
      ...(h
        ? {
            http: {
              rate: h.rate,
              seconds: h.seconds,
              requests: h.requests,
              accepted: h.accepted,
              failed: h.failed,
              acceptedLatencyMs: h.acceptedLatencyMs,
              readyLatencyMs: h.readyLatencyMs,
            },
          }
        : {}),
      spans,
      ...(marks.length ? { spanPhases: phaseSpans(marks) } : {}),
      startupMs: Object.fromEntries(fleet.map((p) => [p.name, p.startupMs])),
      ...(startupAloneMs !== undefined ? { startupAloneMs } : {}),
      rssMb: memory,
    };
  } finally {
    await producer.disconnect();
    await watcher.stop();
    await stopFleet(fleet);
  }
  // Told by each service as it exits, after its last flush: exact.
  const counted = fleet.filter((p) => p.spanCounts);
  result.wallSeconds = (Date.now() - startedAt) / 1000;
  if (counted.length)
    result.spansNotExported = {
      ended: sum(counted.map((p) => p.spanCounts?.ended)),
      notExported: sum(counted.map((p) => p.spanCounts?.notExported)),
      failedExport: sum(counted.map((p) => p.spanCounts?.failedExport)),
      dropped: sum(counted.map((p) => p.spanCounts?.dropped)),
    };
  return result;
}

/** Each phase's spans: the counts at its start subtracted from those at the next mark. */
function phaseSpans(
  marks: readonly [SpanPhase | 'end', { ended: number; exported: number; dropped: number }][],
): Partial<Record<SpanPhase, PhaseSpans>> {
  const out: Partial<Record<SpanPhase, PhaseSpans>> = {};
  for (let i = 0; i + 1 < marks.length; i++) {
    const [phase, from] = marks[i];
    const to = marks[i + 1][1];
    if (phase !== 'end')
      out[phase] = {
        ended: to.ended - from.ended,
        exported: to.exported - from.exported,
        dropped: to.dropped - from.dropped,
      };
  }
  return out;
}

/**
 * Commits the end offsets as numbers: kafkajs's resetOffsets commits the sentinel -1 ("latest"),
 * which a consumer subscribed fromBeginning (as the services are) reads as "no offset" and starts
 * at the beginning of the topic's whole history.
 */
export async function moveGroupsToEnd(broker: BenchBroker, groups: Record<string, string>): Promise<void> {
  const admin = broker.client('ituna-bench-admin').admin();
  await admin.connect();
  try {
    for (const [groupId, topic] of Object.entries(groups)) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
