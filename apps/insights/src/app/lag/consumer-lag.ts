import type { Admin } from 'kafkajs';
import { ALL_TOPICS, SERVICE_NAMES } from '@ituna/contracts';

/** How far one consumer group is behind on one partition, from the broker's offsets. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** The group's committed offset (-1: none yet). */
  committed: number;
  /** The partition's end offset (the next to be written). */
  end: number;
  /** Messages written and not yet committed by the group. */
  lag: number;
}

/** A group of ITuna's: the services name their groups after themselves (order-validation-server, ...). */
export const isServiceGroup = (groupId: string) => SERVICE_NAMES.some((service) => groupId.startsWith(service));

/**
 * The lag of every service group on every partition of ITuna's topics it has committed on. A group
 * with no committed offset on a partition is behind by all the partition still holds.
 */
export async function readConsumerLag(admin: Admin): Promise<PartitionLag[]> {
  const { groups } = await admin.listGroups();
  const groupIds = groups.map((g) => g.groupId).filter(isServiceGroup);
  const ends = new Map<string, { partition: number; high: string; low: string }[]>();
  const endsOf = async (topic: string) => {
    if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
    return ends.get(topic) ?? [];
  };
  const rows: PartitionLag[] = [];
  for (const group of groupIds.sort()) {
    const committed = await admin.fetchOffsets({ groupId: group });
    for (const { topic, partitions } of committed) {
      if (!(ALL_TOPICS as string[]).includes(topic)) continue;
      for (const p of await endsOf(topic)) {
        const offset = Number(partitions.find((c) => c.partition === p.partition)?.offset ?? -1);
        const end = Number(p.high);
        const from = offset >= 0 ? offset : Number(p.low);
        rows.push({ group, topic, partition: p.partition, committed: offset, end, lag: Math.max(0, end - from) });
      }
    }
  }
  return rows;
}
