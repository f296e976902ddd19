import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TOPICS, TOPIC_PARTITIONS } from '@ituna/contracts';
import { underLoad, type LoadRun } from '../check/under-load';
import { NetworkFaults } from '../faults/network-faults';
import { ServiceFleet, type ServiceName } from '../fleet/service-fleet';
import { KafkaCluster } from '../kafka/kafka-cluster';
import { sleep } from '../sleep';
import { applyFault, describeFault, type AppliedFault } from './nemesis';
import { chaosSchedule } from './schedule';

const CONSUMERS: ServiceName[] = ['order-validation', 'kitchen-service'];
const ORDERING: ServiceName[] = ['website-ordering', 'onsite-ordering', 'direct-kitchen-ordering'];

export interface ChaosOptions {
  seed: number;
  /** How long faults are drawn for (the run then heals, settles and checks). */
  durationMs: number;
  /** Instances of each consuming service (order-validation and kitchen-service). */
  instances: number;
  /** POSTs per second across the ordering services. */
  rate?: number;
  /** Where the report's JSON goes, if anywhere. */
  out?: string;
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  durationMs: number;
  instances: number;
  /** How many faults the seed's schedule held. */
  scheduled: number;
  /** Those applied and healed. */
  faults: AppliedFault[];
  run: LoadRun;
  /** Every check held. */
  ok: boolean;
}

/**
 * A randomised run in the spirit of Jepsen: a three-node cluster of its own, the five services
 * (the consuming ones `instances` times, reaching the brokers through Toxiproxy), a steady load,
 * and one fault at a time drawn from the seed (SIGSTOP and SIGKILL of services and brokers, of the
 * transaction and group coordinators, network cuts, latency and resets); then everything healed,
 * and the checker reads what was committed. The seed gives the schedule back.
 */
export async function runChaos({
  seed,
  durationMs,
  instances,
  rate = 20,
  out,
  log = (line) => console.log(line),
}: ChaosOptions): Promise<ChaosReport> {
  const cluster = new KafkaCluster({ proxied: true });
  const network = new NetworkFaults(cluster.nodes, cluster.dir);
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...cluster.env() });
  const kafka = cluster.client('chaos');
  try {
    await cluster.start();
    await network.start();
    const proxied = { KAFKA_BROKERS: network.brokers.join(',') };
    await fleet.start(
      [...ORDERING, ...CONSUMERS],
      { 'order-validation': proxied, 'kitchen-service': proxied },
      { 'order-validation': instances, 'kitchen-service': instances },
    );
    const services = [...fleet.running.keys()];
    const coordinators = [
      ...CONSUMERS.map((s) => `group:${s}-server`),
      ...Array.from({ length: TOPIC_PARTITIONS }, (_, p) => [
        `transaction:order-validation-${TOPICS.orders}-${p}`,
        `transaction:kitchen-service-${TOPICS.kitchen}-${p}`,
      ]).flat(),
    ];
    const schedule = chaosSchedule({
      seed,
      durationMs,
      services,
      nodes: cluster.nodes.map((n) => n.nodeId),
      coordinators,
    });
    log(
      `[chaos] seed ${seed}: ${schedule.length} faults over ${durationMs / 1000} s, ${instances} instance(s) of each consuming service, ${rate} orders/s`,
    );

    const faults: AppliedFault[] = [];
    const run = await underLoad({
      rate,
      kafka,
      beforeMs: 0,
      afterMs: 0,
      faults: async () => {
        const since = Date.now();
        for (const fault of schedule) {
          const wait = since + fault.at - Date.now();
          if (wait > 0) await sleep(wait);
          const applied = await applyFault(fault, { cluster, fleet, network, kafka });
          faults.push(applied);
          log(`[chaos] ${describeFault(applied)}`);
        }
        const rest = since + durationMs - Date.now();
        if (rest > 0) await sleep(rest);
      },
    });
    const report: ChaosReport = { seed, durationMs, instances, scheduled: schedule.length, faults, run, ok: run.ok };
    log(`[chaos] seed ${seed}, ${instances} instance(s): ${run.summary}`);
    if (out) {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(report, null, 2));
    }
    return report;
  } finally {
    await fleet.stop();
    await network.stop();
    await cluster.stop();
  }
}
