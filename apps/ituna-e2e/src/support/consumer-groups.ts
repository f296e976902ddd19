import { AssignerProtocol, type Kafka } from 'kafkajs';

/** Each member's partitions of `topic` in consumer group `group`, as its coordinator assigned them (none while it cannot say). */
export async function partitionsPerMember(kafka: Kafka, group: string, topic: string): Promise<number[][]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([group]);
    return groups[0].members.map(
      (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [],
    );
  } catch {
    return [];
  } finally {
    await admin.disconnect();
  }
}
