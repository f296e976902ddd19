import { ClientKafka, ReadPacket } from '@nestjs/microservices';
import type { Admin, Message, Producer, RecordMetadata } from 'kafkajs';
import { IdempotentSendQueue } from '../producer/idempotent-send-queue';
import { PartitionCounts } from '../producer/partition-counts';
import { PartitionSplit } from '../producer/partition-split';
import { stagedRecords } from './staged-records';

/**
 * Nest's ClientKafka, taking part in the consumed message's transaction: inside a Kafka handler
 * running exactly-once, an emit is held back (serialized exactly as ClientKafka would send it)
 * and written by KafkaTransactions together with the message's offset; everywhere else (HTTP
 * handlers, at-least-once mode, dead letters) it is sent at once, as ClientKafka does. The same
 * idea as a Spring KafkaTemplate inside a listener container's transaction.
 *
 * With an idempotent producer, sends go through an IdempotentSendQueue, which replaces the
 * producer after a failed send (see there: kafkajs would otherwise let a later record be dropped
 * as a duplicate of the failed one).
 */
export class TransactionalClientKafka extends ClientKafka {
  private sendQueue?: IdempotentSendQueue;
  private replacement?: Promise<Producer>;
  private readonly partitionCounts = new PartitionCounts(() => this.kafkaAdmin());
  private readonly split = new PartitionSplit(this.partitionCounts.of);

  protected override async dispatchEvent(packet: ReadPacket): Promise<unknown> {
    const topic = this.normalizePattern(packet.pattern);
    const message: Message = await this.serializer.serialize(packet.data, { pattern: topic });
    const staged = stagedRecords();
    if (staged) {
      staged.push({ topic, message });
      // No acknowledgement yet: the record is written when the transaction commits.
      return [];
    }
    return this.sendNow(topic, [message]);
  }

  // any[]: the packet type ClientKafka declares for this method.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async dispatchBatchEvent(packets: ReadPacket<{ messages: any[] }>): Promise<unknown> {
    if (packets.data.messages.length === 0) return;
    const topic = this.normalizePattern(packets.pattern);
    const messages: Message[] = await Promise.all(
      packets.data.messages.map((data) => this.serializer.serialize(data, { pattern: topic })),
    );
    const staged = stagedRecords();
    if (staged) {
      staged.push(...messages.map((message) => ({ topic, message })));
      return [];
    }
    return this.sendNow(topic, messages);
  }

  private sendNow(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    const { acks, timeout, compression } = this.options.send ?? {};
    if (!this.options.producer?.idempotent) return this.sendSplit(topic, messages);
    this.sendQueue ??= new IdempotentSendQueue(
      {
        ready: () => this.readyProducer(),
        replace: () => this.replaceProducer(),
        partitionCount: this.partitionCounts.of,
      },
      { acks, timeout, compression },
    );
    return this.sendQueue.send({ topic, messages });
  }

  /** An admin of the connected client (sends happen after connect), for the partition counts. */
  private kafkaAdmin(): Admin {
    if (!this.client) throw new Error('the Kafka client is not connected yet');
    // Nest declares its own copy of kafkajs's types; the object is kafkajs's admin.
    return this.client.admin() as unknown as Admin;
  }

  override async close(): Promise<void> {
    await this.partitionCounts.disconnect();
    await super.close();
  }

  /** Without idempotence: one send per partition all the same (PartitionSplit), so kafkajs's retries cannot skip one. */
  private async sendSplit(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    const { acks, timeout, compression } = this.options.send ?? {};
    const { batches } = await this.split.split([{ topic, messages }]);
    const sent = await Promise.all(
      batches.map((b) => this.producer.send({ topic, messages: b.messages, acks, timeout, compression })),
    );
    return sent.flat();
  }

  private readyProducer(): Promise<Producer> {
    return this.replacement ?? this.connect();
  }

  private async replaceProducer(): Promise<void> {
    const old = this._producer;
    if (!this.client) return;
    const fresh = this.client.producer(this.options.producer ?? {});
    this._producer = fresh;
    this.registerProducerEventListeners();
    this.replacement = fresh.connect().then(() => fresh);
    // A failed connect is the next send's error (and replaces this producer in turn).
    this.replacement.catch(() => undefined);
    await old?.disconnect().catch(() => undefined);
  }
}
