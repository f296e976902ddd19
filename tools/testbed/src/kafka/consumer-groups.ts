import { AssignerProtocol, type Kafka } from 'kafkajs';
import { sleep } from '../sleep';

/** Each member's partitions of `topic` in consumer group `group`, as its coordinator assigned them (none while it cannot say). */
export async function partitionsPerMember(kafka: Kafka, group: string, topic: string): Promise<number[][]> {
  return (await describeGroup(kafka, group, topic)).split;
}

/**
 * Waits until `group` is stable with `members` members sharing every partition of `topic` (a
 * rebalance after a broker or a member came back takes a few seconds); fails naming the last state seen.
 */
export async function waitForStableGroup(
  kafka: Kafka,
  group: string,
  topic: string,
  { members, partitions, timeoutMs = 30_000 }: { members: number; partitions: number; timeoutMs?: number },
): Promise<{ split: number[][]; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const seen = await describeGroup(kafka, group, topic);
    const assigned = seen.split.flat().sort((a, b) => a - b);
    if (
      seen.state === 'Stable' &&
      seen.split.length === members &&
      assigned.length === partitions &&
      assigned.every((p, i) => p === i)
    )
      return { split: seen.split, waitedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `group ${group} not stable with ${members} members after ${timeoutMs} ms: ${seen.state}, partitions of ${topic} per member ${JSON.stringify(seen.split)}`,
      );
    await sleep(250);
  }
}

async function describeGroup(
  kafka: Kafka,
  group: string,
  topic: string,
): Promise<{ state: string; split: number[][] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([group]);
    return {
      state: groups[0].state,
      split: groups[0].members.map(
        (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [],
      ),
    };
  } catch {
    return { state: 'unknown', split: [] };
  } finally {
    await admin.disconnect();
  }
}
