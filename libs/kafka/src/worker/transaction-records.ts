import type { TopicOffsets } from 'kafkajs';
import type { PartitionBatch } from '../kafkajs/transactional-producer';
import type { HandledMessage } from './partition-writer';

/**
 * The records of the messages, one batch per partition (kafkajs retries a send over several
 * brokers exactly only with one partition per sendBatch), with their marks: each mark a record of
 * the changelog's partition that has the consumed partition's number.
 */
export function recordBatches(messages: readonly HandledMessage[], changelog: string): PartitionBatch[] {
  const batches = new Map<string, PartitionBatch>();
  const add = (topic: string, partition: number, message: PartitionBatch['messages'][number]) => {
    const key = `${topic}\u0000${partition}`;
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = { topic, partition, messages: [] }));
    batch.messages.push(message);
  };
  for (const { consumed, content } of messages) {
    for (const { topic, partition, message } of content.records) add(topic, partition, message);
    for (const key of content.marks) add(changelog, consumed.partition, { key, value: consumed.message.offset });
  }
  return [...batches.values()];
}

/** The offset to resume from after the messages, per partition (the highest if several share one). */
export function nextOffsets(messages: readonly HandledMessage[]): TopicOffsets[] {
  const next = new Map<string, Map<number, bigint>>();
  for (const { consumed } of messages) {
    const partitions = next.get(consumed.topic) ?? new Map<number, bigint>();
    const after = BigInt(consumed.message.offset) + 1n;
    if ((partitions.get(consumed.partition) ?? -1n) < after) partitions.set(consumed.partition, after);
    next.set(consumed.topic, partitions);
  }
  return [...next].map(([topic, partitions]) => ({
    topic,
    partitions: [...partitions].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
  }));
}
