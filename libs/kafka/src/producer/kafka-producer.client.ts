import { ClientKafka, ReadPacket } from '@nestjs/microservices';
import type { KafkaOptions } from '@nestjs/microservices';
import type { Kafka, Message, Producer, RecordMetadata } from 'kafkajs';
import type { KafkaClient } from '../client/kafka-client';
import { kafkaProducerOptions } from '../config/kafka-transport-options';
import { IdempotentSendQueue } from '../kafkajs/idempotent-send-queue';
import { PartitionSplit } from '../kafkajs/partition-split';

/**
 * Nest's ClientKafka on the service's one kafkajs client, sending at once: what HTTP handlers
 * place, and what at-least-once outboxes write. (A consuming handler writes through its message's
 * KafkaOutbox instead, so that exactly-once its writes join the message's transaction.)
 *
 * Every write is one kafkajs sendBatch per partition (PartitionSplit), and with an idempotent
 * producer goes through an IdempotentSendQueue, which replaces the producer after a failed send
 * (kafkajs would otherwise let a later record be dropped as a duplicate of the failed one).
 */
export class KafkaProducerClient extends ClientKafka {
  private sendQueue?: IdempotentSendQueue;
  private replacement?: Promise<Producer>;
  private readonly split: PartitionSplit;

  constructor(
    private readonly kafkaClient: KafkaClient,
    options: KafkaOptions['options'] = kafkaProducerOptions(kafkaClient.settings),
  ) {
    super(options ?? {});
    this.split = new PartitionSplit(kafkaClient.partitionCounts.of);
  }

  /** Sends records now; resolves with the broker's acknowledgement (all in-sync replicas). */
  sendNow(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    const { acks, timeout, compression } = this.options.send ?? {};
    if (!this.options.producer?.idempotent) return this.sendSplit(topic, messages);
    this.sendQueue ??= new IdempotentSendQueue(
      {
        ready: () => this.readyProducer(),
        replace: () => this.replaceProducer(),
        partitionCount: this.kafkaClient.partitionCounts.of,
      },
      { acks, timeout, compression },
    );
    return this.sendQueue.send({ topic, messages });
  }

  /** The service's one kafkajs client, not one of Nest's making. */
  override createClient<T = Kafka>(): T {
    return this.kafkaClient.kafka as T;
  }

  protected override async dispatchEvent(packet: ReadPacket): Promise<unknown> {
    const topic = this.normalizePattern(packet.pattern);
    const message: Message = await this.serializer.serialize(packet.data, { pattern: topic });
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
    return this.sendNow(topic, messages);
  }

  /** Without idempotence: one send per partition all the same (PartitionSplit), so kafkajs's retries cannot skip one. */
  private async sendSplit(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    const { acks, timeout, compression } = this.options.send ?? {};
    const { batches } = await this.split.split([{ topic, messages }]);
    const producer = await this.connect();
    const sent = await Promise.all(
      batches.map((b) => producer.send({ topic, messages: b.messages, acks, timeout, compression })),
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
