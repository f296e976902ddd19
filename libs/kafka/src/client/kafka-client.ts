import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { KAFKA_SETTINGS } from '../config/kafka.constants';
import type { KafkaSettings } from '../config/kafka-settings';
import { CONSUMER_RETRY } from '../config/kafka-transport-options';
import { PartitionCounts } from './partition-counts';
import { SharedAdmin } from './shared-admin';

/**
 * The owner of the service's kafkajs clients, made once from the settings read once: Nest's Kafka
 * server and client, the partitions' transactional producers, the processed-keys reader and the
 * admin all come from it. Two `Kafka` objects, because kafkajs fixes the retries of connections
 * and metadata per `Kafka`: writers give up within seconds (a POST is answered 503, not held),
 * consumers ride out a broker away for about two minutes. The admin is shared and heals itself.
 */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  /** Producers and the admin: short retries. */
  readonly kafka: Kafka;
  /** Consumers: retries that outlast a broker restart. */
  readonly consumerKafka: Kafka;
  readonly admin: SharedAdmin;
  readonly partitionCounts: PartitionCounts;

  constructor(@Inject(KAFKA_SETTINGS) readonly settings: KafkaSettings) {
    this.kafka = new Kafka(settings.client);
    this.consumerKafka = new Kafka({ ...settings.client, retry: CONSUMER_RETRY });
    this.admin = new SharedAdmin(() => this.kafka.admin());
    this.partitionCounts = new PartitionCounts(this.admin);
  }

  /** The group's committed offset of a partition (undefined when it has none). */
  async committedOffset(groupId: string, topic: string, partition: number): Promise<bigint | undefined> {
    const [offsets] = await this.admin.use((a) => a.fetchOffsets({ groupId, topics: [topic] }));
    const found = offsets?.partitions.find((p) => p.partition === partition);
    return found && found.offset !== '-1' ? BigInt(found.offset) : undefined;
  }

  /**
   * The offset after the last stable record of a partition: kafkajs's admin lists offsets
   * read-committed, so a transaction still open holds it back.
   */
  async endOffset(topic: string, partition: number): Promise<bigint> {
    const offsets = await this.admin.use((a) => a.fetchTopicOffsets(topic));
    const found = offsets.find((p) => p.partition === partition);
    if (!found) throw new Error(`${topic} has no partition ${partition}`);
    return BigInt(found.high);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.close();
  }
}
