import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { KAFKA_SETTINGS } from '../config/kafka.constants';
import type { KafkaSettings } from '../config/kafka-settings';
import { PartitionCounts } from './partition-counts';
import { SharedAdmin } from './shared-admin';

/**
 * The service's one kafkajs client (one `Kafka`, the settings read once): Nest's Kafka server and
 * client, the partitions' transactional producers and the admin all come from it. kafkajs gives
 * each consumer and producer connections of its own; the admin is shared and heals itself.
 */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  readonly kafka: Kafka;
  readonly admin: SharedAdmin;
  readonly partitionCounts: PartitionCounts;

  constructor(@Inject(KAFKA_SETTINGS) readonly settings: KafkaSettings) {
    this.kafka = new Kafka(settings.client);
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
