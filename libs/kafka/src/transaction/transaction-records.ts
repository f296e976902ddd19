import type { TopicMessages, TopicOffsets } from 'kafkajs';
import type { StagedRecord } from './staged-records';

/** Where a consumed message was: the offset after it is committed in its transaction. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
}

export function recordsByTopic(records: StagedRecord[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const { topic, message } of records) {
    const entry = byTopic.get(topic) ?? { topic, messages: [] };
    entry.messages.push(message);
    byTopic.set(topic, entry);
  }
  return [...byTopic.values()];
}

/** The offset to resume from after each consumed message, per partition (the highest if two share one). */
export function nextOffsets(consumed: ConsumedMessage[]): TopicOffsets[] {
  const next = new Map<string, Map<number, bigint>>();
  for (const { topic, partition, offset } of consumed) {
    const partitions = next.get(topic) ?? new Map<number, bigint>();
    const after = BigInt(offset) + 1n;
    if ((partitions.get(partition) ?? -1n) < after) partitions.set(partition, after);
    next.set(topic, partitions);
  }
  return [...next].map(([topic, partitions]) => ({
    topic,
    partitions: [...partitions].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
  }));
}
