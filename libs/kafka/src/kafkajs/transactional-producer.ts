import type { CompressionTypes, Message, Producer, TopicOffsets } from 'kafkajs';

/** One partition's records of a transaction. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: Message[];
}

/** What one transaction writes: records, one sendBatch per partition, and a group's offsets. */
export interface TransactionContent {
  batches: PartitionBatch[];
  groupId: string;
  offsets: TopicOffsets[];
  compression: CompressionTypes;
  /** Awaited with the transaction open, everything sent, before its commit. */
  beforeCommit?: () => Promise<void>;
}

/**
 * A kafkajs producer of one transactional id, registered before its first transaction.
 *
 * Why: kafkajs 2.2.4's `connect()` asks for a producer id without the transactional id; the id is
 * registered with its coordinator only at the producer's first `transaction()`. Until then the
 * id's previous holder is not fenced and its last transaction not finished. `register()` therefore
 * begins a transaction and aborts it at once: with nothing added, kafkajs ends it without EndTxn,
 * and what is left is the registration. When it resolves, Kafka has finished the previous holder's
 * transaction (its commit, if it had sent one, else an abort) and refuses that holder from then on.
 *
 * The producer is made non-idempotent so that `connect()` asks for no producer id at all: the
 * transaction's own producer id is idempotent whatever this flag says.
 */
export class TransactionalProducer {
  private constructor(private readonly producer: Producer) {}

  /** A new producer for the transactional id, connected and registered. */
  static async register(create: () => Producer): Promise<TransactionalProducer> {
    const producer = create();
    try {
      await producer.connect();
      const empty = await producer.transaction();
      await empty.abort();
    } catch (err) {
      void producer.disconnect().catch(() => undefined);
      throw err;
    }
    return new TransactionalProducer(producer);
  }

  /** Writes the content in one transaction; rejects, with kafkajs's error, when it was not committed for sure. */
  async commit({ batches, groupId, offsets, compression, beforeCommit }: TransactionContent): Promise<void> {
    const transaction = await this.producer.transaction();
    // Every send settles before a failure is handled: nothing of this producer keeps retrying after it.
    const sent = await Promise.allSettled(
      batches.map(({ topic, partition, messages }) =>
        transaction.sendBatch({
          topicMessages: [{ topic, messages: messages.map((m) => ({ ...m, partition })) }],
          acks: -1,
          compression,
        }),
      ),
    );
    const failed = sent.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    await transaction.sendOffsets({ consumerGroupId: groupId, topics: offsets });
    await beforeCommit?.();
    await transaction.commit();
  }

  /** Closes its connections; a transaction it left open is finished by the next registration or Kafka's timeout. */
  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
