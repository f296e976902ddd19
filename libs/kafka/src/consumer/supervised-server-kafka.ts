import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, Kafka } from 'kafkajs';
import type { PartitionWorkers } from '../worker/partition-workers';

export interface SupervisedServerOptions {
  /** The service's one kafkajs client. */
  kafka: Kafka;
  /** Tells about each kafkajs consumer created (at start and at every restart) before it connects. */
  onConsumer: (consumer: Consumer) => void;
  /** The owners of the consumed partitions: every batch goes to its partition's worker. */
  workers: PartitionWorkers;
}

/**
 * Nest's Kafka server on the service's one kafkajs client, telling `onConsumer` about each
 * consumer it creates before the consumer connects (so that no event of its group join is
 * missed), and handing every fetched batch to its partition's worker, which runs each message
 * through Nest's handler as usual and commits the results.
 */
export class SupervisedServerKafka extends ServerKafka {
  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly supervision: SupervisedServerOptions,
  ) {
    super(options);
  }

  override createClient<T = Kafka>(): T {
    return this.supervision.kafka as T;
  }

  /**
   * Nest's start, without the reply producer Nest makes for request-response patterns: the
   * handlers here are events, which write through their outboxes.
   */
  override async start(callback: () => void): Promise<void> {
    this.consumer = this.supervision.kafka.consumer({ ...(this.options.consumer ?? {}), groupId: this.groupId });
    this.registerConsumerEventListeners();
    await this.consumer.connect();
    await this.bindEvents(this.consumer);
    callback();
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) this.supervision.onConsumer(this.consumer);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    await this.supervision.workers.start(topics);
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.supervision.workers.run(payload, (message) => this.handleMessage(message)),
    });
  }
}
