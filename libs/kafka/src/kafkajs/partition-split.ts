import { Partitioners } from 'kafkajs';
import type { Message, TopicMessages } from 'kafkajs';

/** One partition's records: what a kafkajs sendBatch may carry so that its retries stay exact. */
export interface PartitionRecords {
  topic: string;
  /** Undefined for a batch of one keyless record, whose partition kafkajs picks among those with a leader. */
  partition?: number;
  messages: Message[];
}

const partitioner = Partitioners.DefaultPartitioner();

/**
 * The partition a record goes to among `count`: the one it names, else murmur2 of its key as
 * kafkajs's default partitioner (and the Java client) computes it, else one at random.
 */
export function partitionFor(message: Message, count: number): number {
  if (message.partition != null) return message.partition;
  if (message.key == null) return Math.floor(Math.random() * count);
  const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [],
    isr: [],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic: '', partitionMetadata, message });
}

/** The number of partitions of a topic (cached by the caller as it sees fit). */
export type PartitionCount = (topic: string) => Promise<number>;

/**
 * Splits records into one batch per partition, each keyed message given the partition kafkajs's
 * default partitioner would give it (murmur2 of the key, as the Java client; a partition already
 * set is kept), and each keyless one a batch of its own, so that every sendBatch goes to one
 * partition's leader.
 *
 * Why: kafkajs 2.2.4 retries a multi-broker sendBatch only towards brokers that have not answered
 * yet. When a partition's leader dies and its new leader is a broker that already answered for
 * other partitions of the same request, the partition is never sent again, and the send resolves
 * as if it had been written: an order answered 202 is lost (or, when its batch had been written
 * after all, the next batch of the partition is refused as out of order). With one partition per
 * sendBatch, a retry always goes to the partition's current leader, with the same sequence number.
 */
export class PartitionSplit {
  constructor(private readonly partitionCount: PartitionCount) {}

  /**
   * The batches, and for each of the `groups` of records given (a send), the indices of the
   * batches holding its records.
   */
  async split(groups: readonly TopicMessages[]): Promise<{ batches: PartitionRecords[]; of: number[][] }> {
    const counts = new Map<string, number>();
    for (const topic of new Set(groups.map((g) => g.topic))) counts.set(topic, await this.partitionCount(topic));
    const batches: PartitionRecords[] = [];
    const index = new Map<string, number>();
    const of = groups.map(({ topic, messages }) => {
      const count = counts.get(topic) ?? 0;
      const mine = new Set<number>();
      for (const message of messages) {
        if (message.key == null && message.partition == null) {
          // No key: kafkajs picks a partition whose leader is up; alone in its sendBatch, it still goes to one broker.
          mine.add(batches.push({ topic, messages: [message] }) - 1);
          continue;
        }
        const partition = partitionFor(message, count);
        const key = `${topic}\u0000${partition}`;
        let i = index.get(key);
        if (i === undefined) {
          i = batches.push({ topic, partition, messages: [] }) - 1;
          index.set(key, i);
        }
        batches[i].messages.push({ ...message, partition });
        mine.add(i);
      }
      return [...mine];
    });
    return { batches, of };
  }
}
