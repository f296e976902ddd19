import type { Kafka } from 'kafkajs';

/** FindCoordinator's key types (Kafka's protocol). */
const COORDINATOR_TYPES = { group: 0, transaction: 1 } as const;

interface KafkaCluster {
  connect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinatorMetadata(request: { groupId: string; coordinatorType: number }): Promise<{
    coordinator: { nodeId: number };
  }>;
}

/**
 * The node that coordinates a consumer group or a transactional id, as the cluster answers
 * FindCoordinator now. kafkajs keeps that request inside its cluster object, reached here through
 * its private factory (a test tool's licence; no production code does this).
 */
export async function coordinatorOf(kafka: Kafka, kind: keyof typeof COORDINATOR_TYPES, key: string): Promise<number> {
  const factory = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!factory)
    throw new Error('this kafkajs has no private cluster factory: the coordinator lookup needs kafkajs 2.2');
  const cluster = (kafka as unknown as Record<symbol, (o: object) => KafkaCluster>)[factory]({});
  await cluster.connect();
  try {
    // The pool knows the seed broker only until the metadata names the others.
    await cluster.refreshMetadata();
    const { coordinator } = await cluster.findGroupCoordinatorMetadata({
      groupId: key,
      coordinatorType: COORDINATOR_TYPES[kind],
    });
    return coordinator.nodeId;
  } finally {
    await cluster.disconnect();
  }
}
