import type { CompressionTypes, Producer } from 'kafkajs';
import { TransactionalProducer } from '../kafkajs/transactional-producer';
import type { HandledMessage, PartitionWriter } from './partition-writer';
import { nextOffsets, recordBatches } from './transaction-records';

export interface TransactionWriterSettings {
  /** `<prefix>-<topic>-<partition>`: the same whichever instance holds the partition. */
  transactionalId: string;
  groupId: string;
  /** The consumed partition's processed-keys changelog. */
  changelog: string;
  compression: CompressionTypes;
  createProducer: (transactionalId: string) => Producer;
  /** The group's committed offset of the partition. */
  committedOffset: () => Promise<bigint | undefined>;
  /** Awaited inside each transaction, before its commit (fault injection). */
  beforeCommit?: () => Promise<void>;
}

/**
 * Exactly-once: a consumed partition's transactions, on a producer of its own whose transactional
 * id is the partition's. Whoever registers that id last is the only one whose transactions Kafka
 * takes (the model of Kafka Streams before KIP-447, which kafkajs lacks: its offset commits carry
 * no group generation).
 */
export class TransactionWriter implements PartitionWriter {
  readonly transactional = true;
  private producer?: TransactionalProducer;

  constructor(private readonly settings: TransactionWriterSettings) {}

  get transactionalId(): string {
    return this.settings.transactionalId;
  }

  /** A new producer and a new registration every time (the old producer's state is never trusted again). */
  async register(): Promise<bigint | undefined> {
    await this.close();
    this.producer = await TransactionalProducer.register(() =>
      this.settings.createProducer(this.settings.transactionalId),
    );
    // Read only now: the registration has finished every earlier transaction of the id.
    return this.settings.committedOffset();
  }

  async write(messages: readonly HandledMessage[]): Promise<void> {
    if (!this.producer) throw new Error(`${this.transactionalId} is not registered`);
    await this.producer.commit({
      batches: recordBatches(messages, this.settings.changelog),
      groupId: this.settings.groupId,
      offsets: nextOffsets(messages),
      compression: this.settings.compression,
      beforeCommit: this.settings.beforeCommit,
    });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close();
  }
}
