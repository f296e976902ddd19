import type { Kafka } from 'kafkajs';
import type { ServiceFleet } from '../fleet/service-fleet';
import { coordinatorOf } from '../kafka/coordinators';
import type { KafkaCluster } from '../kafka/kafka-cluster';
import type { NetworkFaults } from '../faults/network-faults';
import { sleep } from '../sleep';
import type { ScheduledFault } from './schedule';

/** What faults act on: the cluster's nodes, the services, and the network of the proxied ones. */
export interface FaultTargets {
  cluster: KafkaCluster;
  fleet: ServiceFleet;
  network?: NetworkFaults;
  /** A client of the cluster, for finding coordinators. */
  kafka: Kafka;
}

/** What a fault did, for the run's report. */
export interface AppliedFault extends ScheduledFault {
  /** For a coordinator: the node it was when the fault began. */
  node?: number;
  startedAt: number;
  healedAt: number;
}

/**
 * Applies a fault, keeps it `durationMs`, then heals it: a paused process or node is resumed, a
 * killed one started again, the network made whole. Resolves once healed.
 */
export async function applyFault(
  fault: ScheduledFault,
  { cluster, fleet, network, kafka }: FaultTargets,
): Promise<AppliedFault> {
  const startedAt = Date.now();
  let node: number | undefined;
  switch (fault.kind) {
    case 'pause-service':
      fleet.pause(fault.target);
      await sleep(fault.durationMs);
      fleet.resume(fault.target);
      break;
    case 'kill-service':
      await fleet.crash(fault.target, fault.durationMs);
      break;
    case 'pause-broker':
    case 'pause-coordinator':
      node = fault.kind === 'pause-broker' ? Number(fault.target) : await coordinatorNode(kafka, fault.target);
      cluster.pauseNode(node);
      await sleep(fault.durationMs);
      cluster.resumeNode(node);
      break;
    case 'kill-broker':
    case 'kill-coordinator':
      node = fault.kind === 'kill-broker' ? Number(fault.target) : await coordinatorNode(kafka, fault.target);
      await cluster.killNode(node);
      await sleep(fault.durationMs);
      await cluster.restartNode(node);
      break;
    case 'cut':
    case 'slow':
    case 'reset':
      if (!network) throw new Error(`a ${fault.kind} needs the network faults`);
      if (fault.kind === 'cut') await network.cut();
      else if (fault.kind === 'slow') await network.slow(fault.latencyMs ?? 500);
      else await network.reset();
      await sleep(fault.durationMs);
      await network.heal();
      break;
  }
  return { ...fault, ...(node !== undefined ? { node } : {}), startedAt, healedAt: Date.now() };
}

/** 'transaction:<id>' or 'group:<id>': the node that coordinates it now. */
export function coordinatorNode(kafka: Kafka, target: string): Promise<number> {
  const [kind, key] = target.split(/:(.*)/s);
  if (kind !== 'transaction' && kind !== 'group') throw new Error(`not a coordinator: ${target}`);
  return coordinatorOf(kafka, kind, key);
}

/** One line about a fault. */
export function describeFault(f: AppliedFault): string {
  const what = f.node !== undefined && f.kind.endsWith('coordinator') ? `${f.target} (node ${f.node})` : f.target;
  const extra = f.latencyMs ? ` +${f.latencyMs} ms` : '';
  return `${(f.at / 1000).toFixed(1)}s ${f.kind} ${what}${extra} for ${(f.durationMs / 1000).toFixed(1)}s (healed in ${((f.healedAt - f.startedAt) / 1000).toFixed(1)}s)`;
}
